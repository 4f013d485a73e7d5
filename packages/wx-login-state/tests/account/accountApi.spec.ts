import { describe, expect, it } from 'vitest'
import { InvalidResponseError } from '../../src/errors'
import { STORAGE_KEY, authFor, createWorld } from '../harness'

async function loggedIn() {
  const world = createWorld()
  const auth = authFor(world.platform)
  await auth.session.login()
  return { ...world, auth }
}

describe('accountApi', () => {
  it('updates the nickname with PUT and stores the returned user', async () => {
    const { platform, auth } = await loggedIn()
    const user = await auth.account.updateNickname('  小明 ')
    expect(user.nickname).toBe('小明')
    expect(platform.transportLog.at(-1)).toMatchObject({ method: 'PUT', data: { nickname: '  小明 ' } })
    expect(auth.session.state.user?.nickname).toBe('小明')
    expect(platform.storage.get(STORAGE_KEY)).toMatchObject({ user: { nickname: '小明' } })
  })

  it('uploads the avatar and binds the phone', async () => {
    const { auth } = await loggedIn()
    await auth.account.uploadAvatar('wxfile://tmp_avatar.png')
    const user = await auth.account.bindPhone('phone_code_1')
    expect(user).toMatchObject({ phoneNumber: '13800138000', countryCode: '86', avatarUrl: expect.stringMatching(/^http/) })
    expect(auth.session.state.user).toEqual(user)
  })

  it('refreshes the user with me()', async () => {
    const { auth, backend } = await loggedIn()
    const id = auth.session.state.user?.id ?? ''
    const stored = backend.users.get(id)
    if (!stored) throw new Error('the fake backend lost the user')
    stored.nickname = 'changed elsewhere'
    await expect(auth.account.me()).resolves.toMatchObject({ nickname: 'changed elsewhere' })
    expect(auth.session.state.user?.nickname).toBe('changed elsewhere')
  })

  it.each([
    ['an HTML page', '<html></html>'],
    ['a user without an id', { user: { openid: 'o', nickname: '', avatarUrl: '', createdAt: 1 } }],
    ['no user', { ok: true }],
  ])('rejects %s with InvalidResponseError and leaves the session as it was', async (_label, body) => {
    const { platform, backend, auth } = await loggedIn()
    const before = auth.session.state
    platform.handler = (call) => (call.url.endsWith('/api/me') ? { status: 200, headers: {}, data: body } : backend.handle(call))
    await expect(auth.account.me()).rejects.toBeInstanceOf(InvalidResponseError)
    expect(auth.session.state).toBe(before)
  })

  it('rejects an empty nickname or phone code before sending anything', async () => {
    const { platform, auth } = await loggedIn()
    const before = platform.transportLog.length
    await expect(auth.account.updateNickname('   ')).rejects.toThrow(TypeError)
    await expect(auth.account.bindPhone('')).rejects.toThrow(TypeError)
    expect(platform.transportLog.length).toBe(before)
  })
})

import { describe, expect, it } from 'vitest'
import { defineBackend, litemallBackend, referenceBackend, ruoyiVuePlusBackend, yudaoMemberBackend } from '../../src/backend/presets'
import type { BackendDescription } from '../../src/backend/types'
import { authFor, createWorld, STORAGE_KEY } from '../harness'

const base = litemallBackend as BackendDescription

describe('createAuth({ backend })', () => {
  it('accepts the four presets', () => {
    const { platform } = createWorld()
    for (const backend of [referenceBackend, ruoyiVuePlusBackend, yudaoMemberBackend, litemallBackend]) {
      expect(() => authFor(platform, { backend } as never)).not.toThrow()
    }
  })

  it('accepts the four presets through defineBackend unchanged', () => {
    for (const backend of [referenceBackend, ruoyiVuePlusBackend, yudaoMemberBackend, litemallBackend]) {
      expect(defineBackend(backend as BackendDescription)).toEqual(backend)
    }
  })

  it('asks for defineBackend() when a spread copy of a preset lost its readers, and takes the copy through it', () => {
    const { platform } = createWorld()
    const copy = { ...litemallBackend, name: 'my-litemall' }
    expect(() => authFor(platform, { backend: copy } as never)).toThrow(TypeError)
    expect(() => authFor(platform, { backend: copy } as never)).toThrow(/createAuth\(\): backend must be built with defineBackend\(\)/)
    expect(() => authFor(platform, { backend: defineBackend(copy) } as never)).not.toThrow()
  })

  it.each([
    ['a string', 'oops', /createAuth\(\): backend is missing or wrong; check the description with defineBackend\(\)/],
    ['no name', { ...base, name: '' }, /createAuth\(\): backend\.name is missing or wrong/],
    ['no login', { ...base, login: undefined }, /createAuth\(\): backend\.login is missing or wrong/],
    ['no isSessionExpired', { ...base, isSessionExpired: 401 }, /createAuth\(\): backend\.isSessionExpired is missing or wrong/],
    ['no session token', { ...base, session: { expiry: 'unknown' } }, /createAuth\(\): backend\.session\.token is missing or wrong/],
    ['no user rule', { ...base, user: undefined }, /createAuth\(\): backend\.user is missing or wrong/],
    ['no token header', { ...base, sendToken: { scheme: '' } }, /createAuth\(\): backend\.sendToken\.header is missing or wrong/],
  ])('createAuth throws a TypeError naming the option for %s', (_, backend, message) => {
    const { platform } = createWorld()
    expect(() => authFor(platform, { backend } as never)).toThrow(TypeError)
    expect(() => authFor(platform, { backend } as never)).toThrow(message)
  })

  it.each([
    ['a string', 'oops', /defineBackend\(\): backend must be a backend description/],
    ['no name', { ...base, name: '' }, /backend\.name must be a non-empty string/],
    ['no login', { ...base, login: undefined }, /backend\.login must be a function/],
    ['a bad token path', { ...base, session: { token: 'data..token', expiry: 'unknown' } }, /backend\.session\.token must be a dotted path/],
    ['a bad expiry', { ...base, session: { token: 'data.token', expiry: { in: 'x', unit: 'h' } } }, /backend\.session\.expiry must be/],
    ['a bad user rule', { ...base, user: 'nobody' }, /backend\.user must be \{ read \}/],
    ['a bad header name', { ...base, sendToken: { header: 'X Token', scheme: '' } }, /backend\.sendToken\.header must be a header name/],
    ['a scheme with spaces', { ...base, sendToken: { header: 'Authorization', scheme: 'Be arer' } }, /backend\.sendToken\.scheme must be a word/],
    ['a refresh without a refresh token field', { ...base, refresh: { call: () => ({ path: '/r' }) } }, /backend\.session\.refreshToken must be given with backend\.refresh/],
  ])('defineBackend throws a TypeError naming the option for %s', (_, backend, message) => {
    expect(() => defineBackend(backend as never)).toThrow(TypeError)
    expect(() => defineBackend(backend as never)).toThrow(message)
  })

  it('refuses the old isSessionExpired and login endpoints next to a backend instead of ignoring one', () => {
    const { platform } = createWorld()
    expect(() => authFor(platform, { backend: base, isSessionExpired: () => false } as never)).toThrow(/give isSessionExpired inside backend/)
    expect(() => authFor(platform, { backend: base, endpoints: { logout: '/x' } } as never)).toThrow(/endpoints\.logout does not apply with a backend/)
    // The account paths still apply.
    expect(() => authFor(platform, { backend: base, endpoints: { me: '/api/me' } } as never)).not.toThrow()
  })
})

describe('sessions persisted by 0.2.0', () => {
  const record020 = {
    v: 1,
    token: 'tok_020',
    expiresAt: Date.parse('2025-01-01T01:00:00Z'),
    user: { id: 'u_1', openid: 'o_1', nickname: '小明', avatarUrl: '', createdAt: 1_735_689_600_000 },
  }

  it('restore under the default description as they were, and are written back in the same shape', async () => {
    const { platform, backend } = createWorld()
    // WeChat holds a session_key from that earlier launch, so checkSession() finds nothing to repair.
    await platform.login({ interactive: false })
    platform.storage.set(STORAGE_KEY, structuredClone(record020))
    const auth = authFor(platform)
    await auth.session.ready()
    expect(auth.session.state).toMatchObject({ status: 'authenticated', user: record020.user, expiresAt: record020.expiresAt })
    auth.session.setUser({ ...record020.user, nickname: '小红' })
    expect(platform.storage.get(STORAGE_KEY)).toEqual({ ...record020, user: { ...record020.user, nickname: '小红' } })
    expect(backend.counts.loginAttempts).toBe(0)
  })

  it('do not restore under another backend: its token was never that backend\'s', async () => {
    const { platform } = createWorld()
    platform.storage.set(STORAGE_KEY, structuredClone(record020))
    const auth = authFor(platform, { backend: litemallBackend } as never)
    await auth.session.ready()
    expect(auth.session.state.status).toBe('anonymous')
    expect(platform.storage.get(STORAGE_KEY)).toBeUndefined()
  })
})

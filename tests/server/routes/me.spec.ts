import { afterEach, describe, expect, it } from 'vitest'
import { startTestServer } from '../helpers/testServer'
import type { TestServer } from '../helpers/testServer'

let t: TestServer | undefined

afterEach(async () => {
  await t?.close()
  t = undefined
})

async function loggedIn(): Promise<{ s: TestServer; token: string }> {
  t = await startTestServer()
  const { token } = await t.login({ openid: 'o_me' })
  return { s: t, token }
}

describe('GET /api/me', () => {
  it('returns the caller as a user object without any session detail', async () => {
    const { s, token } = await loggedIn()
    const res = await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(token) })
    expect(res.statusCode).toBe(200)
    const { user } = res.json<{ user: Record<string, unknown> }>()
    expect(user).toMatchObject({ openid: 'o_me', nickname: '', avatarUrl: '' })
    expect(Object.keys(user).sort()).toEqual(['avatarUrl', 'createdAt', 'id', 'nickname', 'openid'])
  })

  it.each([
    ['no Authorization header', {}],
    ['a non-Bearer scheme', { authorization: 'Basic abc' }],
    ['a malformed token', { authorization: 'Bearer not-a-token' }],
    ['an unknown well-formed token', { authorization: `Bearer ${'x'.repeat(12)}.${'x'.repeat(43)}` }],
  ])('answers 401 session_expired for %s', async (_, headers) => {
    const { s } = await loggedIn()
    const res = await s.request({ method: 'GET', url: '/api/me', headers })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toEqual({ error: 'session_expired', message: expect.any(String) })
  })
})

describe('PATCH and PUT /api/me', () => {
  it.each(['PATCH', 'PUT'] as const)('%s sets the trimmed nickname and returns the user', async (method) => {
    const { s, token } = await loggedIn()
    const res = await s.request({ method, url: '/api/me', headers: s.bearer(token), payload: { nickname: '  小明  ' } })
    expect(res.statusCode).toBe(200)
    expect(res.json().user.nickname).toBe('小明')
    const me = await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(token) })
    expect(me.json().user.nickname).toBe('小明')
  })

  it('counts characters, not bytes: 32 Chinese characters pass, 33 do not', async () => {
    const { s, token } = await loggedIn()
    const ok = await s.request({ method: 'PUT', url: '/api/me', headers: s.bearer(token), payload: { nickname: '汉'.repeat(32) } })
    expect(ok.statusCode).toBe(200)
    const tooLong = await s.request({ method: 'PUT', url: '/api/me', headers: s.bearer(token), payload: { nickname: '汉'.repeat(33) } })
    expect(tooLong.statusCode).toBe(400)
    expect(tooLong.json().error).toBe('invalid_nickname')
  })

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
  ])('answers 400 invalid_nickname when the nickname is %s', async (_, nickname) => {
    const { s, token } = await loggedIn()
    const res = await s.request({ method: 'PATCH', url: '/api/me', headers: s.bearer(token), payload: { nickname } })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('invalid_nickname')
  })

  it.each([
    ['abc\u202egnp.exe', 'a right-to-left override'],
    ['\u200b\u200b', 'only zero-width spaces'],
    ['\u2066x\u2069', 'bidi isolates'],
    ['a\ud800', 'a lone surrogate'],
    [('a' + '\u0301'.repeat(30)).repeat(32), '30 combining marks per character'],
    ['x'.repeat(10_000), '10,000 characters'],
  ])('answers 400 invalid_nickname to %j (%s)', async (nickname) => {
    const { s, token } = await loggedIn()
    const res = await s.request({ method: 'PUT', url: '/api/me', headers: s.bearer(token), payload: { nickname } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ error: 'invalid_nickname', message: expect.any(String) })
  })

  it('stores the nickname NFC-normalised', async () => {
    const { s, token } = await loggedIn()
    const res = await s.request({ method: 'PUT', url: '/api/me', headers: s.bearer(token), payload: { nickname: 'Jose\u0301' } })
    expect(res.json().user.nickname).toBe('Jos\u00e9')
  })

  it.each([
    ['a number', { nickname: 5 }],
    ['missing', {}],
    ['sent with an unknown field', { nickname: 'ok', avatarUrl: 'http://evil' }],
  ])('answers 400 invalid_request when the nickname is %s', async (_, payload) => {
    const { s, token } = await loggedIn()
    const res = await s.request({ method: 'PATCH', url: '/api/me', headers: s.bearer(token), payload })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('invalid_request')
  })

  it('answers 401 session_expired without a token', async () => {
    const { s } = await loggedIn()
    const res = await s.request({ method: 'PATCH', url: '/api/me', payload: { nickname: 'x' } })
    expect(res.statusCode).toBe(401)
  })
})

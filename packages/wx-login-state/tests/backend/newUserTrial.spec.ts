import { describe, expect, it } from 'vitest'
import { createAuth } from '../../src/createAuth'
import { InvalidResponseError, LoginFailedError } from '../../src/errors'
import type { BackendDescription } from '../../src/backend/types'
import { defineBackend, jwtExpiry } from '../../src/backend/presets'
import { createFakePlatform, type FakeTransportCall } from '../../src/testing/fakePlatform'

/**
 * A backend of a shape in none of the presets nor the docs' example, described from docs/library.md
 * ("Your own backend") alone, as a new user would: `POST /wechat/session { wxCode, platform }` answers
 * `{ success, result: { jwt, member: { uid, nick, avatar } } }`, the token goes in `X-Auth: JWT <token>`,
 * an expired token answers `403 { success: false, errorCode: 'TOKEN_EXPIRED' }`, a used code
 * `{ success: false, errorCode: 'CODE_INVALID' }` with HTTP 200, and there is no logout call.
 */
const memberBackend: BackendDescription = defineBackend({
  name: 'member-jwt',
  login: ({ code }) => ({ path: '/wechat/session', body: { wxCode: code, platform: 'mp' } }),
  loginFailure: ({ data }) => {
    const body = data as { success?: unknown; errorCode?: unknown } | null
    if (body?.success === true) return undefined
    const code = typeof body?.errorCode === 'string' ? body.errorCode : undefined
    return { reason: 'backend_error', ...(code ? { code } : {}), retryWithFreshCode: code === 'CODE_INVALID' }
  },
  session: { token: 'result.jwt', expiry: jwtExpiry },
  user: {
    read: ({ data }) => {
      const m = (data as { result?: { member?: { uid?: unknown; nick?: unknown; avatar?: unknown } } }).result?.member
      if (typeof m?.uid !== 'number') throw new InvalidResponseError('login answer: result.member.uid is missing')
      return { id: String(m.uid), openid: '', nickname: String(m.nick ?? ''), avatarUrl: String(m.avatar ?? ''), createdAt: 0 }
    },
  },
  sendToken: { header: 'X-Auth', scheme: 'JWT' },
  isSessionExpired: ({ status, data }) => status === 403 && (data as { errorCode?: unknown } | null)?.errorCode === 'TOKEN_EXPIRED',
})

function world() {
  const platform = createFakePlatform()
  const counts = { logins: 0, codesRefused: 0, orders: 0 }
  let refuseNextCode = false
  let valid = new Set<string>()
  const jwt = (exp: number) =>
    `e30.${Buffer.from(JSON.stringify({ uid: 42, exp: Math.floor(exp / 1000) })).toString('base64url')}.${counts.logins}`
  platform.handler = (call: FakeTransportCall) => {
    const path = new URL(call.url).pathname
    if (path === '/wechat/session') {
      if (refuseNextCode) {
        refuseNextCode = false
        counts.codesRefused++
        return { status: 200, headers: {}, data: { success: false, errorCode: 'CODE_INVALID' } }
      }
      counts.logins++
      const token = jwt(platform.now() + 7_200_000)
      valid.add(token)
      return { status: 200, headers: {}, data: { success: true, result: { jwt: token, member: { uid: 42, nick: '阿青', avatar: '' } } } }
    }
    const auth = call.headers['X-Auth'] ?? ''
    if (!auth.startsWith('JWT ') || !valid.has(auth.slice(4))) return { status: 403, headers: {}, data: { success: false, errorCode: 'TOKEN_EXPIRED' } }
    counts.orders++
    return { status: 200, headers: {}, data: { success: true, result: [] } }
  }
  const auth = createAuth({ platform, baseURL: 'https://api.example.com', backend: memberBackend })
  return {
    platform,
    auth,
    counts,
    forget: () => (valid = new Set()),
    refuseNextCode: () => (refuseNextCode = true),
  }
}

describe('a new user\'s description of a backend in no preset', () => {
  it('logs in, maps the member, and puts the token in X-Auth with its scheme', async () => {
    const { auth, platform, counts } = world()
    const user = await auth.session.login()
    expect(user).toMatchObject({ id: '42', nickname: '阿青' })
    await auth.http.request({ url: '/orders' })
    expect(counts.orders).toBe(1)
    expect(platform.transportLog.at(-1)?.headers['X-Auth']).toMatch(/^JWT e30\./)
    expect(auth.session.state.expiresAt).toBe(Math.floor((platform.now() + 7_200_000) / 1000) * 1000)
  })

  it('re-logs in once for 10 requests after a 403 TOKEN_EXPIRED, and before sending once the JWT is about to expire', async () => {
    const w = world()
    await w.auth.session.login()
    w.forget()
    await Promise.all(Array.from({ length: 10 }, () => w.auth.http.request({ url: '/orders' })))
    expect(w.counts).toMatchObject({ logins: 2, orders: 10 })
    w.platform.clock.advance(7_200_000 - 30_000)
    await w.auth.http.request({ url: '/orders' })
    expect(w.counts).toMatchObject({ logins: 3, orders: 11 })
  })

  it('retries a refused code once with a fresh wx.login code', async () => {
    const w = world()
    w.refuseNextCode()
    await w.auth.session.login()
    expect(w.counts).toMatchObject({ codesRefused: 1, logins: 1 })
    expect(w.platform.calls.login).toBe(2)
  })

  it('names the field when the answer lacks the member', async () => {
    const w = world()
    w.platform.handler = () => ({ status: 200, headers: {}, data: { success: true, result: { jwt: 'e30.eyJleHAiOjF9.x' } } })
    const error = await w.auth.session.login().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LoginFailedError)
    expect((error as LoginFailedError).cause).toEqual(new InvalidResponseError('login answer: result.member.uid is missing'))
  })
})

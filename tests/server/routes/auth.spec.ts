import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp } from '../../../server/app'
import { loadConfig } from '../../../server/config'
import { buildEmulator, DEV_APPID, DEV_SECRET } from '../../../packages/wx-emulator/src/index'
import { hashToken } from '../../../server/sessions/tokens'
import { startTestServer } from '../helpers/testServer'
import type { TestServer } from '../helpers/testServer'

let t: TestServer | undefined

async function server(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  t = await startTestServer(options)
  return t
}

afterEach(async () => {
  await t?.close()
  t = undefined
})

function login(s: TestServer, code: string) {
  return s.request({ method: 'POST', url: '/api/auth/login', payload: { code } })
}

describe('POST /api/auth/login', () => {
  it('exchanges a wx.login code for a <tag>.<secret> token, its absolute expiry and the user', async () => {
    const s = await server()
    const res = await login(s, s.loginCode({ openid: 'o_alice' }))
    expect(res.statusCode).toBe(200)
    const body = res.json<{ token: string; expiresAt: number; user: Record<string, unknown> }>()
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{43}$/)
    expect(body.expiresAt).toBe(s.clock.now() + 2_592_000_000)
    expect(body.user).toMatchObject({ openid: 'o_alice', nickname: '', avatarUrl: '', createdAt: s.clock.now() })
    expect(body.user.id).toMatch(/^u_/)
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'token', 'user'])
  })

  it('keeps the unionid once WeChat has sent it, even when a later login lacks it', async () => {
    const s = await server()
    const first = await s.login({ openid: 'o_bob', unionid: 'un_bob' })
    expect(first.user.unionid).toBe('un_bob')
    // The emulator keeps the unionid too, so drop it from its user to model a login where WeChat omits it.
    const emulated = s.app.wxEmulator.users.get('o_bob')
    if (emulated !== undefined) emulated.unionid = undefined
    const second = await s.login({ openid: 'o_bob' })
    expect(second.user.id).toBe(first.user.id)
    expect(second.user.unionid).toBe('un_bob')
  })

  it('issues a new token on every login and keeps the earlier ones valid', async () => {
    const s = await server()
    const a = await s.login({ openid: 'o_carol' })
    const b = await s.login({ openid: 'o_carol' })
    expect(a.token).not.toBe(b.token)
    for (const token of [a.token, b.token]) {
      const me = await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(token) })
      expect(me.statusCode).toBe(200)
    }
  })

  it('stores the session under the token hash with the session_key, never the token itself', async () => {
    const s = await server()
    const { token, openid } = await s.login()
    const tag = token.slice(0, 12)
    const record = await s.app.ctx.stores.sessions.get({ tag, hash: hashToken(token) })
    expect(record?.sessionKey).toBe(s.app.wxEmulator.sessionKeyOf(openid))
    expect(await s.app.ctx.stores.sessions.get({ tag, hash: token })).toBeUndefined()
  })

  it.each([
    ['missing', {}],
    ['not a string', { code: 42 }],
    ['empty', { code: '' }],
    ['longer than 128 characters', { code: 'x'.repeat(129) }],
    ['sent with an unknown field', { code: 'abc', extra: true }],
  ])('answers 400 invalid_request when the code is %s', async (_, payload) => {
    const s = await server()
    const res = await s.request({ method: 'POST', url: '/api/auth/login', payload })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'invalid_request' })
  })

  it('answers 401 invalid_code for a code WeChat does not know (40029)', async () => {
    const s = await server()
    const res = await login(s, 'no-such-code')
    expect(res.statusCode).toBe(401)
    expect(res.json()).toEqual({ error: 'invalid_code', message: expect.any(String) })
  })

  it('answers 401 invalid_code for a code that was already used (40163)', async () => {
    const s = await server()
    const code = s.loginCode()
    expect((await login(s, code)).statusCode).toBe(200)
    const again = await login(s, code)
    expect(again.statusCode).toBe(401)
    expect(again.json().error).toBe('invalid_code')
  })

  it('answers 429 rate_limited with Retry-After when WeChat throttles (45011)', async () => {
    const s = await server()
    await s.fault({ api: 'jscode2session', errcode: 45011 })
    const res = await login(s, s.loginCode())
    expect(res.statusCode).toBe(429)
    expect(res.json().error).toBe('rate_limited')
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('answers 403 login_blocked for a high-risk user (40226)', async () => {
    const s = await server()
    await s.fault({ api: 'jscode2session', errcode: 40226 })
    const res = await login(s, s.loginCode())
    expect(res.statusCode).toBe(403)
    expect(res.json().error).toBe('login_blocked')
  })

  it('retries once when WeChat is busy (-1) and succeeds when the retry does', async () => {
    const s = await server()
    await s.fault({ api: 'jscode2session', errcode: -1 })
    const res = await login(s, s.loginCode())
    expect(res.statusCode).toBe(200)
    expect(s.app.wxEmulator.stats.jscode2session.calls).toBe(2)
  })

  it('answers 503 wechat_unavailable when WeChat is still busy after the one retry', async () => {
    const s = await server()
    await s.fault({ api: 'jscode2session', errcode: -1, times: 5 })
    const res = await login(s, s.loginCode())
    expect(res.statusCode).toBe(503)
    expect(res.json().error).toBe('wechat_unavailable')
    expect(s.app.wxEmulator.stats.jscode2session.calls).toBe(2)
  })

  it('answers 503 wechat_unavailable when WeChat does not answer in time', async () => {
    const s = await server({ wxTimeoutMs: 50 })
    await s.fault({ api: 'jscode2session', hang: true })
    const res = await login(s, s.loginCode())
    expect(res.statusCode).toBe(503)
    expect(res.json().error).toBe('wechat_unavailable')
  })

  it.each([
    ['appid', 40013],
    ['secret', 40125],
  ])('answers 500 server_misconfigured and logs an error when WeChat rejects our %s', async (_, errcode) => {
    const s = await server()
    await s.fault({ api: 'jscode2session', errcode })
    const res = await login(s, s.loginCode())
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ error: 'server_misconfigured', message: 'The server is misconfigured' })
    const errors = s.logObjects().filter((line) => line.level === 50)
    expect(errors.some((line) => line.errcode === errcode && String(line.msg).includes('WX_SECRET'))).toBe(true)
  })

  it('answers 500 server_misconfigured when the server runs with a secret WeChat rejects', async () => {
    // A standalone emulator that knows the real secret, and a server configured with a wrong one.
    const wx = await buildEmulator({ appid: DEV_APPID, secret: DEV_SECRET })
    await wx.listen({ host: '127.0.0.1', port: 0 })
    const address = wx.server.address()
    const port = typeof address === 'object' && address !== null ? address.port : 0
    const uploadDir = mkdtempSync(join(tmpdir(), 'wxls-test-'))
    const app = await buildApp({
      ...loadConfig({ NODE_ENV: 'test' }),
      wxEmulator: false,
      wxApiBase: `http://127.0.0.1:${port}`,
      secret: 'a-wrong-secret',
      logLevel: 'silent',
      uploadDir,
    })
    try {
      const { code } = wx.wxEmulator.issueLoginCode()
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { code } })
      expect(res.statusCode).toBe(500)
      expect(res.json().error).toBe('server_misconfigured')
      expect(res.body).not.toContain('a-wrong-secret')
    } finally {
      await app.close()
      await wx.close()
      rmSync(uploadDir, { recursive: true, force: true })
    }
  })

  it('answers 503 wechat_unavailable when WeChat answers something that is not JSON', async () => {
    const s = await server({
      deps: { fetch: async () => new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }) },
    })
    const res = await login(s, 'any-code')
    expect(res.statusCode).toBe(503)
    expect(res.json().error).toBe('wechat_unavailable')
  })

  it('answers 503 wechat_unavailable when a success lacks session_key', async () => {
    const s = await server({ deps: { fetch: async () => Response.json({ openid: 'o_x' }) } })
    const res = await login(s, 'any-code')
    expect(res.statusCode).toBe(503)
    expect(res.json().error).toBe('wechat_unavailable')
  })

  it('answers 429 with Retry-After once one address passes LOGIN_RATE_LIMIT logins a minute', async () => {
    const s = await server({ loginRateLimit: 3 })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await login(s, `bogus-${i}`)).statusCode)
    expect(statuses).toEqual([401, 401, 401, 429])
    const limited = await login(s, s.loginCode())
    expect(limited.statusCode).toBe(429)
    expect(limited.json().error).toBe('rate_limited')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('counts IPv6 clients by their /64, so picking a new address of it each time gains nothing', async () => {
    const s = await server({ loginRateLimit: 3, trustProxy: ['127.0.0.1'] })
    const from = (ip: string) => s.request({ method: 'POST', url: '/api/auth/login', payload: { code: 'bogus' }, headers: { 'x-forwarded-for': ip } })
    const statuses: number[] = []
    for (const ip of ['2001:db8:1:2::a', '2001:db8:1:2::b', '2001:db8:1:2:ffff:1:2:3', '2001:db8:1:2::c']) statuses.push((await from(ip)).statusCode)
    expect(statuses).toEqual([401, 401, 401, 429])
    // Another /64 (another subscriber) has its own count.
    expect((await from('2001:db8:1:3::a')).statusCode).toBe(401)
  })

  it('answers 429 when the same code is hammered, before asking WeChat again', async () => {
    const s = await server({ loginRateLimit: 1000 })
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await login(s, 'same-code')).statusCode)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
    expect(s.app.wxEmulator.stats.jscode2session.calls).toBe(5)
    // Other codes from the same address are unaffected.
    expect((await login(s, s.loginCode())).statusCode).toBe(200)
  })
})

describe('POST /api/auth/logout', () => {
  it('revokes the session: the token then gets 401 session_expired', async () => {
    const s = await server()
    const { token } = await s.login()
    const out = await s.request({ method: 'POST', url: '/api/auth/logout', headers: s.bearer(token) })
    expect(out.statusCode).toBe(204)
    expect(out.body).toBe('')
    const me = await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(token) })
    expect(me.statusCode).toBe(401)
    expect(me.json().error).toBe('session_expired')
  })

  it('is idempotent: unknown, revoked and missing tokens all get 204', async () => {
    const s = await server()
    const { token } = await s.login()
    const headers = [s.bearer(token), s.bearer(token), s.bearer(`${'A'.repeat(12)}.${'A'.repeat(43)}`), {}]
    for (const h of headers) {
      const res = await s.request({ method: 'POST', url: '/api/auth/logout', headers: h })
      expect(res.statusCode).toBe(204)
    }
  })

  it('accepts an empty body sent as application/json', async () => {
    const s = await server()
    const { token } = await s.login()
    const res = await s.request({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { ...s.bearer(token), 'content-type': 'application/json' },
      payload: '',
    })
    expect(res.statusCode).toBe(204)
  })

  it('leaves the same user\'s other sessions alone', async () => {
    const s = await server()
    const a = await s.login({ openid: 'o_dan' })
    const b = await s.login({ openid: 'o_dan' })
    await s.request({ method: 'POST', url: '/api/auth/logout', headers: s.bearer(a.token) })
    expect((await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(b.token) })).statusCode).toBe(200)
  })
})

describe('POST /api/auth/logout-all', () => {
  it('revokes every session of the caller and only theirs', async () => {
    const s = await server()
    const mine = [await s.login({ openid: 'o_eve' }), await s.login({ openid: 'o_eve' }), await s.login({ openid: 'o_eve' })]
    const other = await s.login({ openid: 'o_frank' })
    const res = await s.request({ method: 'POST', url: '/api/auth/logout-all', headers: s.bearer(mine[0]?.token ?? '') })
    expect(res.statusCode).toBe(204)
    for (const session of mine) {
      expect((await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(session.token) })).statusCode).toBe(401)
    }
    expect((await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(other.token) })).statusCode).toBe(200)
  })

  it('answers 401 session_expired without a valid token', async () => {
    const s = await server()
    const res = await s.request({ method: 'POST', url: '/api/auth/logout-all' })
    expect(res.statusCode).toBe(401)
    expect(res.json().error).toBe('session_expired')
  })
})

describe('login hardening', () => {
  it('checks the session store before spending the code: Redis down means 503 and no code2Session call', async () => {
    const s = await server({ redisUrl: 'redis://127.0.0.1:1' })
    const code = s.loginCode()
    const res = await login(s, code)
    expect(res.statusCode).toBe(503)
    expect(res.json().error).toBe('service_unavailable')
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
    expect(s.app.wxEmulator.snapshotStats().jscode2session.calls).toBe(0)
  })

  it('keys the login limit on the address the trusted hop saw, so rotating X-Forwarded-For does not escape it', async () => {
    const s = await server({ trustProxy: 1, loginRateLimit: 5 })
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) {
      const res = await s.request({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.7` },
        payload: { code: s.loginCode() },
      })
      statuses.push(res.statusCode)
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200])
    expect(statuses.slice(5)).toEqual([429, 429, 429, 429, 429])
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import type { OauthScope } from '../../../packages/wx-emulator/src/OfficialAccount'
import { startTestServer } from '../helpers/testServer'
import type { TestServer } from '../helpers/testServer'

let t: TestServer | undefined
/** Every web access token WeChat (the emulator) handed the server: none may appear in an answer or a log line. */
const webTokens = new Set<string>()

const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init)
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  if (url.includes('/sns/oauth2/access_token')) {
    const data = (await response.clone().json().catch(() => undefined)) as { access_token?: unknown; refresh_token?: unknown } | undefined
    if (typeof data?.access_token === 'string') webTokens.add(data.access_token)
    if (typeof data?.refresh_token === 'string') webTokens.add(data.refresh_token)
  }
  return response
}

async function server(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  t = await startTestServer({ ...options, deps: { fetch: recordingFetch, sleep: async () => {}, ...options.deps } })
  return t
}

afterEach(async () => {
  if (t !== undefined) {
    for (const token of webTokens) {
      for (const line of t.logs) expect(line.includes(token), 'a log line leaked the web access token').toBe(false)
    }
  }
  await t?.close()
  t = undefined
  webTokens.clear()
})

interface LoginAnswer {
  token: string
  expiresAt: number
  user: { id: string; openid: string; webOpenid?: string; unionid?: string; nickname: string; avatarUrl: string }
}

/** An OAuth code as the authorize page would give it to this WeChat user of the official account. */
function oauthCode(s: TestServer, user: { openid?: string; unionid?: string; nickname?: string; headimgurl?: string } = {}, scope: OauthScope = 'snsapi_base') {
  const oaUser = s.app.wxEmulator.oa.user({
    ...(user.openid === undefined ? {} : { openid: user.openid }),
    ...(user.unionid === undefined ? {} : { unionid: user.unionid }),
  })
  if (user.nickname !== undefined) oaUser.nickname = user.nickname
  if (user.headimgurl !== undefined) oaUser.headimgurl = user.headimgurl
  return s.app.wxEmulator.oa.issueCode(oaUser.openid, scope)
}

async function webLogin(s: TestServer, code: string) {
  const response = await s.request({ method: 'POST', url: '/api/auth/web-login', payload: { code } })
  for (const token of webTokens) expect(response.body.includes(token), 'an answer leaked the web access token').toBe(false)
  return response
}

describe('POST /api/auth/web-login', () => {
  it('exchanges an OAuth code for the same answer as /api/auth/login: token, expiry and user', async () => {
    const s = await server()
    const res = await webLogin(s, oauthCode(s, { openid: 'oa_alice' }))
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json<LoginAnswer>()
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'token', 'user'])
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{43}$/)
    expect(body.expiresAt).toBe(s.clock.now() + 2_592_000_000)
    expect(body.user).toMatchObject({ id: expect.stringMatching(/^u_/), openid: 'oa_alice', webOpenid: 'oa_alice', nickname: '', avatarUrl: '' })
    const me = await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(body.token) })
    expect(me.json<{ user: { id: string } }>().user.id).toBe(body.user.id)
    expect(webTokens.size).toBeGreaterThan(0)
  })

  it('refuses a code that was already used with 401 invalid_code (40163), without a second session', async () => {
    const s = await server()
    const code = oauthCode(s)
    expect((await webLogin(s, code)).statusCode).toBe(200)
    const again = await webLogin(s, code)
    expect(again.statusCode).toBe(401)
    expect(again.json()).toMatchObject({ error: 'invalid_code' })
    expect(s.app.wxEmulator.stats.oauth2_access_token).toMatchObject({ calls: 2, ok: 1, errors: 1 })
  })

  it('refuses a code older than five minutes and an unknown one with 401 invalid_code (40029)', async () => {
    const s = await server()
    const code = oauthCode(s)
    s.clock.advance(5 * 60_000)
    expect((await webLogin(s, code)).json()).toMatchObject({ error: 'invalid_code' })
    expect((await webLogin(s, 'not-a-code')).statusCode).toBe(401)
  })

  it('answers 400 invalid_request for a missing, empty or oversized code and never calls WeChat', async () => {
    const s = await server()
    for (const payload of [{}, { code: '' }, { code: 'x'.repeat(129) }, { code: 1 }, { code: 'a', extra: 1 }]) {
      const res = await s.request({ method: 'POST', url: '/api/auth/web-login', payload })
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
      expect(res.json()).toMatchObject({ error: 'invalid_request' })
    }
    expect(s.app.wxEmulator.stats.oauth2_access_token.calls).toBe(0)
  })

  it.each([
    [40029, 401, 'invalid_code'],
    [40163, 401, 'invalid_code'],
    [41008, 401, 'invalid_code'],
    [40013, 500, 'server_misconfigured'],
    [40125, 500, 'server_misconfigured'],
    [45011, 429, 'rate_limited'],
    [40226, 403, 'login_blocked'],
    [99999, 503, 'wechat_unavailable'],
  ])('maps errcode %i of sns/oauth2/access_token to HTTP %i %s', async (errcode, status, error) => {
    const s = await server()
    await s.fault({ api: 'oauth2_access_token', errcode })
    const res = await webLogin(s, oauthCode(s))
    expect(res.statusCode).toBe(status)
    expect(res.json()).toMatchObject({ error })
    if (status === 429) expect(res.headers['retry-after']).toBe('60')
    if (status === 500) {
      const line = s.logObjects().find((l) => l.level === 50)
      expect(String(line?.msg)).toContain('WX_OA_APPID')
    }
  })

  it('retries errcode -1 once: a single -1 still logs in, two answer 503 wechat_unavailable', async () => {
    const s = await server()
    await s.fault({ api: 'oauth2_access_token', errcode: -1 })
    expect((await webLogin(s, oauthCode(s))).statusCode).toBe(200)
    await s.fault({ api: 'oauth2_access_token', errcode: -1, times: 2 })
    const res = await webLogin(s, oauthCode(s))
    expect(res.statusCode).toBe(503)
    expect(res.json()).toMatchObject({ error: 'wechat_unavailable' })
  })

  it.each([
    [48001, 500, 'server_misconfigured'],
    [40001, 503, 'wechat_unavailable'],
    [42001, 503, 'wechat_unavailable'],
    [40003, 503, 'wechat_unavailable'],
    [45011, 429, 'rate_limited'],
  ])('maps errcode %i of sns/userinfo to HTTP %i %s and stores no user', async (errcode, status, error) => {
    const s = await server()
    await s.fault({ api: 'sns_userinfo', errcode })
    const res = await webLogin(s, oauthCode(s, { unionid: 'un_x' }, 'snsapi_userinfo'))
    expect(res.statusCode).toBe(status)
    expect(res.json()).toMatchObject({ error })
    expect(await s.app.ctx.stores.users.count()).toBe(0)
  })

  it('fills nickname and avatar from sns/userinfo for snsapi_userinfo, but never over what the user set', async () => {
    const s = await server()
    const avatar = 'https://thirdwx.qlogo.cn/mmopen/abc/132'
    const first = (await webLogin(s, oauthCode(s, { openid: 'oa_p', nickname: '小红', headimgurl: avatar }, 'snsapi_userinfo'))).json<LoginAnswer>()
    expect(first.user).toMatchObject({ nickname: '小红', avatarUrl: avatar })
    await s.request({ method: 'PATCH', url: '/api/me', headers: s.bearer(first.token), payload: { nickname: '自己改的' } })
    const second = (await webLogin(s, oauthCode(s, { openid: 'oa_p' }, 'snsapi_userinfo'))).json<LoginAnswer>()
    expect(second.user.nickname).toBe('自己改的')
    expect(s.app.wxEmulator.stats.sns_userinfo.calls).toBe(2)
  })

  it.each([
    ['markup after the host', 'https://thirdwx.qlogo.cn/mmopen/"onerror="alert(1)'],
    ['an SVG element', 'https://thirdwx.qlogo.cn/<svg/onload=alert(1)>'],
    ['the avatar host as a user name before another host', 'https://thirdwx.qlogo.cn@evil.example/x'],
    ['a cloud metadata address', 'https://169.254.169.254/latest/meta-data/'],
    ['another host', 'https://evil.example/mmopen/a/132'],
    ['a host ending in the avatar host', 'https://thirdwx.qlogo.cn.evil.example/a'],
    ['another port', 'https://thirdwx.qlogo.cn:8443/mmopen/a/132'],
    ['a javascript: URL', 'javascript:alert(1)//thirdwx.qlogo.cn'],
  ])('keeps no avatar from sns/userinfo when it is %s', async (_what, headimgurl) => {
    const s = await server()
    const res = await webLogin(s, oauthCode(s, { openid: 'oa_bad', headimgurl }, 'snsapi_userinfo'))
    expect(res.statusCode).toBe(200)
    expect(res.json<LoginAnswer>().user.avatarUrl).toBe('')
    const me = await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(res.json<LoginAnswer>().token) })
    expect(me.json().user.avatarUrl).toBe('')
  })

  it('keeps a WeChat avatar as the URL parser writes it, an old http:// one as https://', async () => {
    const s = await server()
    const res = await webLogin(s, oauthCode(s, { openid: 'oa_http', headimgurl: 'http://wx.qlogo.cn/mmopen/vi_32/Q0j4/132' }, 'snsapi_userinfo'))
    expect(res.json<LoginAnswer>().user.avatarUrl).toBe('https://wx.qlogo.cn/mmopen/vi_32/Q0j4/132')
  })

  it('does not call sns/userinfo for snsapi_base', async () => {
    const s = await server()
    expect((await webLogin(s, oauthCode(s))).statusCode).toBe(200)
    expect(s.app.wxEmulator.stats.sns_userinfo.calls).toBe(0)
  })

  it('answers 501 web_login_disabled when no official account is configured', async () => {
    const s = await server({ oaAppid: undefined, oaSecret: undefined })
    const res = await webLogin(s, 'any-code')
    expect(res.statusCode).toBe(501)
    expect(res.json()).toMatchObject({ error: 'web_login_disabled' })
  })
})

describe('one user across the mini program and the official account', () => {
  it('links by unionid when the mini program came first: same id, both openids kept', async () => {
    const s = await server()
    const mp = await s.login({ openid: 'o_mp', unionid: 'un_same' })
    const web = (await webLogin(s, oauthCode(s, { openid: 'oa_web', unionid: 'un_same' }, 'snsapi_userinfo'))).json<LoginAnswer>()
    expect(web.user).toMatchObject({ id: mp.user.id, openid: 'o_mp', webOpenid: 'oa_web', unionid: 'un_same' })
    const mpAgain = await s.login({ openid: 'o_mp' })
    expect(mpAgain.user).toMatchObject({ id: mp.user.id, webOpenid: 'oa_web' })
    expect(await s.app.ctx.stores.users.count()).toBe(1)
  })

  it('links by unionid when H5 came first', async () => {
    const s = await server()
    const web = (await webLogin(s, oauthCode(s, { openid: 'oa_first', unionid: 'un_h5' }, 'snsapi_userinfo'))).json<LoginAnswer>()
    expect(web.user).toMatchObject({ openid: 'oa_first', webOpenid: 'oa_first', unionid: 'un_h5' })
    const mp = await s.login({ openid: 'o_later', unionid: 'un_h5' })
    expect(mp.user).toMatchObject({ id: web.user.id, openid: 'o_later', webOpenid: 'oa_first' })
    const webAgain = (await webLogin(s, oauthCode(s, { openid: 'oa_first' }))).json<LoginAnswer>()
    expect(webAgain.user).toMatchObject({ id: web.user.id, openid: 'o_later' })
  })

  it('keeps two users apart when WeChat sends no unionid (snsapi_base, or no open-platform binding)', async () => {
    const s = await server()
    const mp = await s.login({ openid: 'o_solo', unionid: 'un_solo' })
    // snsapi_base: WeChat sends no unionid even though the person has one, so nothing can link them.
    const web = (await webLogin(s, oauthCode(s, { openid: 'oa_solo', unionid: 'un_solo' }))).json<LoginAnswer>()
    expect(web.user.id).not.toBe(mp.user.id)
    expect(web.user).not.toHaveProperty('unionid')
    const plain = await s.login({ openid: 'o_plain' })
    const plainWeb = (await webLogin(s, oauthCode(s, { openid: 'oa_plain' }, 'snsapi_userinfo'))).json<LoginAnswer>()
    expect(plainWeb.user.id).not.toBe(plain.user.id)
    expect(await s.app.ctx.stores.users.count()).toBe(4)
  })

  it('folds the silent login\'s user into the mini-program user when a snsapi_userinfo login follows, and ends its session', async () => {
    const s = await server()
    const mp = await s.login({ openid: 'o_two', unionid: 'un_two' })
    const base = (await webLogin(s, oauthCode(s, { openid: 'oa_two', unionid: 'un_two' }))).json<LoginAnswer>()
    expect(base.user.id).not.toBe(mp.user.id)
    const info = (await webLogin(s, oauthCode(s, { openid: 'oa_two', unionid: 'un_two' }, 'snsapi_userinfo'))).json<LoginAnswer>()
    expect(info.user).toMatchObject({ id: mp.user.id, openid: 'o_two', webOpenid: 'oa_two', unionid: 'un_two' })
    expect(await s.app.ctx.stores.users.count()).toBe(1)
    // The folded user is gone: its token asks for a new login, which lands on the one user.
    expect((await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(base.token) })).statusCode).toBe(401)
    const me = await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(info.token) })
    expect(me.json().user.id).toBe(mp.user.id)
  })
})

describe('POST /api/auth/web-login under the login hardening', () => {
  it('checks the session store before spending the code: Redis down means 503 and no call to WeChat', async () => {
    const s = await server({ redisUrl: 'redis://127.0.0.1:1' })
    const res = await webLogin(s, oauthCode(s))
    expect(res.statusCode).toBe(503)
    expect(res.json()).toEqual({ error: 'service_unavailable', message: expect.any(String) })
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
    expect(s.app.wxEmulator.stats.oauth2_access_token.calls).toBe(0)
  })

  it('answers 429 with Retry-After once one address passes LOGIN_RATE_LIMIT logins a minute, before asking WeChat', async () => {
    const s = await server({ loginRateLimit: 3 })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await webLogin(s, `bogus-${i}`)).statusCode)
    expect(statuses).toEqual([401, 401, 401, 429])
    const limited = await webLogin(s, oauthCode(s))
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toEqual({ error: 'rate_limited', message: 'Too many logins from this address; try again later' })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect(s.app.wxEmulator.stats.oauth2_access_token.calls).toBe(3)
  })

  it('shares one per-address count with /api/auth/login, so alternating the two gets no more attempts', async () => {
    const s = await server({ loginRateLimit: 3 })
    const statuses: number[] = []
    for (let i = 0; i < 2; i++) {
      statuses.push((await s.request({ method: 'POST', url: '/api/auth/login', payload: { code: `mp-bogus-${i}` } })).statusCode)
      statuses.push((await webLogin(s, `web-bogus-${i}`)).statusCode)
    }
    expect(statuses).toEqual([401, 401, 401, 429])
    expect((await s.request({ method: 'POST', url: '/api/auth/login', payload: { code: s.loginCode() } })).statusCode).toBe(429)
  })

  it('answers 429 when the same code is hammered, before asking WeChat again', async () => {
    const s = await server({ loginRateLimit: 1000 })
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await webLogin(s, 'same-code')).statusCode)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
    expect(s.app.wxEmulator.stats.oauth2_access_token.calls).toBe(5)
  })

  it('marks the answer, which carries the token, Cache-Control: no-store and nosniff', async () => {
    const s = await server()
    const res = await webLogin(s, oauthCode(s))
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })

  it('leaves out a WeChat nickname the profile rules refuse instead of storing it', async () => {
    const s = await server()
    const res = await webLogin(s, oauthCode(s, { openid: 'oa_bidi', nickname: 'abc\u202egnp.exe' }, 'snsapi_userinfo'))
    expect(res.statusCode).toBe(200)
    expect(res.json<LoginAnswer>().user.nickname).toBe('')
  })
})

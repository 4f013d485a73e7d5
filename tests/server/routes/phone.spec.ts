import { afterEach, describe, expect, it } from 'vitest'
import { startTestServer } from '../helpers/testServer'
import type { TestServer } from '../helpers/testServer'

let t: TestServer | undefined

afterEach(async () => {
  await t?.close()
  t = undefined
})

async function loggedIn(): Promise<{ s: TestServer; token: string; openid: string }> {
  t = await startTestServer()
  const { token, openid } = await t.login({ openid: 'o_phone' })
  return { s: t, token, openid }
}

function phone(s: TestServer, token: string, code: string) {
  return s.request({ method: 'POST', url: '/api/me/phone', headers: s.bearer(token), payload: { code } })
}

describe('POST /api/me/phone', () => {
  it('stores the number and the country code, which WeChat sends as a number, as strings', async () => {
    const { s, token, openid } = await loggedIn()
    const { code } = s.app.wxEmulator.issuePhoneCode({ openid, phoneNumber: '13912345678', countryCode: '86' })
    const res = await phone(s, token, code)
    expect(res.statusCode).toBe(200)
    expect(res.json().user).toMatchObject({ phoneNumber: '13912345678', countryCode: '86' })
    const me = await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(token) })
    expect(me.json().user).toMatchObject({ phoneNumber: '13912345678', countryCode: '86' })
  })

  it('fetches the access token once and reuses it for later calls', async () => {
    const { s, token, openid } = await loggedIn()
    for (let i = 0; i < 3; i++) {
      const { code } = s.app.wxEmulator.issuePhoneCode({ openid })
      expect((await phone(s, token, code)).statusCode).toBe(200)
    }
    expect(s.app.ctx.stats.accessTokenFetches).toBe(1)
  })

  it('refetches the access token once and retries when WeChat says it is invalid (40001)', async () => {
    const { s, token, openid } = await loggedIn()
    const first = s.app.wxEmulator.issuePhoneCode({ openid })
    expect((await phone(s, token, first.code)).statusCode).toBe(200)
    await s.request({ method: 'POST', url: '/__emulator/revoke-access-tokens' })
    const second = s.app.wxEmulator.issuePhoneCode({ openid })
    const res = await phone(s, token, second.code)
    expect(res.statusCode).toBe(200)
    expect(s.app.ctx.stats.accessTokenFetches).toBe(2)
    expect(s.app.wxEmulator.stats.getuserphonenumber.calls).toBe(3)
  })

  it('gives up after one retry when the fresh access token is rejected too', async () => {
    const { s, token, openid } = await loggedIn()
    await s.fault({ api: 'getuserphonenumber', errcode: 40001, times: 5 })
    const { code } = s.app.wxEmulator.issuePhoneCode({ openid })
    const res = await phone(s, token, code)
    expect(res.statusCode).toBe(503)
    expect(res.json().error).toBe('wechat_unavailable')
    expect(s.app.wxEmulator.stats.getuserphonenumber.calls).toBe(2)
  })

  it('answers 400 invalid_phone_code for an unknown code (40029)', async () => {
    const { s, token } = await loggedIn()
    const res = await phone(s, token, 'no-such-phone-code')
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('invalid_phone_code')
  })

  it('answers 400 invalid_phone_code for a code issued to another user (40003)', async () => {
    const { s, token } = await loggedIn()
    const other = await s.login({ openid: 'o_someone_else' })
    const { code } = s.app.wxEmulator.issuePhoneCode({ openid: other.openid })
    const res = await phone(s, token, code)
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('invalid_phone_code')
  })

  it('answers 503 wechat_unavailable when WeChat does not answer in time', async () => {
    // Long enough for the login before it on a busy machine; the hung phone call still runs into it.
    t = await startTestServer({ wxTimeoutMs: 500 })
    const { token, openid } = await t.login()
    await t.fault({ api: 'getuserphonenumber', hang: true })
    const { code } = t.app.wxEmulator.issuePhoneCode({ openid })
    const res = await phone(t, token, code)
    expect(res.statusCode).toBe(503)
    expect(res.json().error).toBe('wechat_unavailable')
  })

  it('answers 500 server_misconfigured when the access token cannot be had with our secret (40125)', async () => {
    const { s, token, openid } = await loggedIn()
    await s.fault({ api: 'stable_token', errcode: 40125 })
    const { code } = s.app.wxEmulator.issuePhoneCode({ openid })
    const res = await phone(s, token, code)
    expect(res.statusCode).toBe(500)
    expect(res.json().error).toBe('server_misconfigured')
  })

  it('answers 401 session_expired without a token and 400 invalid_request without a code', async () => {
    const { s, token } = await loggedIn()
    expect((await s.request({ method: 'POST', url: '/api/me/phone', payload: { code: 'x' } })).statusCode).toBe(401)
    const res = await s.request({ method: 'POST', url: '/api/me/phone', headers: s.bearer(token), payload: {} })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('invalid_request')
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { startTestServer } from '../helpers/testServer'
import type { TestServer } from '../helpers/testServer'

let t: TestServer | undefined

afterEach(async () => {
  await t?.close()
  t = undefined
})

describe('GET /__dev/stats', () => {
  it('counts logins, code2Session calls and live sessions', async () => {
    t = await startTestServer()
    await t.login()
    await t.login()
    await t.request({ method: 'POST', url: '/api/auth/login', payload: { code: 'bogus' } })
    const res = await t.request({ method: 'GET', url: '/__dev/stats' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      logins: 2,
      code2SessionCalls: 3,
      phoneCalls: 0,
      accessTokenFetches: 0,
      sessionsAlive: 2,
      users: 2,
    })
  })

  it("counts a login inside WeChat's browser as a login too, and a refused one not", async () => {
    t = await startTestServer()
    const oa = t.app.wxEmulator.oa
    const code = oa.issueCode(oa.user({}).openid, 'snsapi_base')
    expect((await t.request({ method: 'POST', url: '/api/auth/web-login', payload: { code } })).statusCode).toBe(200)
    expect((await t.request({ method: 'POST', url: '/api/auth/web-login', payload: { code } })).statusCode).toBe(401)
    const res = await t.request({ method: 'GET', url: '/__dev/stats' })
    expect(res.json()).toMatchObject({ logins: 1, code2SessionCalls: 0, sessionsAlive: 1, users: 1 })
  })
})

describe('DELETE /__dev/sessions', () => {
  it('drops every session, so every token gets 401 session_expired', async () => {
    t = await startTestServer()
    const a = await t.login()
    const b = await t.login()
    expect((await t.request({ method: 'DELETE', url: '/__dev/sessions' })).statusCode).toBe(204)
    for (const { token } of [a, b]) {
      const res = await t.request({ method: 'GET', url: '/api/me', headers: t.bearer(token) })
      expect(res.statusCode).toBe(401)
      expect(res.json().error).toBe('session_expired')
    }
    expect((await t.request({ method: 'GET', url: '/__dev/stats' })).json().sessionsAlive).toBe(0)
  })
})

describe('GET /__dev/requests', () => {
  it('counts each ?probe= request the server received, with and without a token, whatever the answer', async () => {
    t = await startTestServer()
    const { token } = await t.login()
    await t.request({ method: 'GET', url: '/api/me?probe=a', headers: t.bearer(token) })
    await t.request({ method: 'GET', url: '/api/me?x=1&probe=a' })
    await t.request({ method: 'GET', url: '/api/health?probe=b.2' })
    await t.request({ method: 'GET', url: '/api/me?probe=' })
    const res = await t.request({ method: 'GET', url: '/__dev/requests' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ probes: { a: { received: 2, withAuthorization: 1 }, 'b.2': { received: 1, withAuthorization: 0 } } })
  })

  it('forgets the counts on DELETE', async () => {
    t = await startTestServer()
    await t.request({ method: 'GET', url: '/api/health?probe=a' })
    expect((await t.request({ method: 'DELETE', url: '/__dev/requests' })).statusCode).toBe(204)
    expect((await t.request({ method: 'GET', url: '/__dev/requests' })).json()).toEqual({ probes: {} })
  })
})

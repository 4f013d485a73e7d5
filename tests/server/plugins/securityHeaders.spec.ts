import { afterEach, describe, expect, it } from 'vitest'
import { multipart, PNG_1X1 } from '../helpers/multipart'
import { startTestServer } from '../helpers/testServer'
import type { TestServer } from '../helpers/testServer'

let t: TestServer | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

describe('security headers', () => {
  it('marks the login answer, which carries the token, Cache-Control: no-store and nosniff', async () => {
    t = await startTestServer()
    const res = await t.request({ method: 'POST', url: '/api/auth/login', payload: { code: t.loginCode() } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })

  it.each([
    ['GET', '/api/me', true],
    ['GET', '/api/me', false],
    ['GET', '/healthz', false],
    ['GET', '/nope', false],
    ['POST', '/api/auth/login', false],
  ] as const)('sends no-store and nosniff on %s %s (authenticated: %s)', async (method, url, authed) => {
    t = await startTestServer()
    const { token } = await t.login()
    const res = await t.request({ method, url, ...(authed ? { headers: t.bearer(token) } : {}) })
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })

  it('keeps avatar files cacheable but nosniff', async () => {
    t = await startTestServer()
    const { token } = await t.login()
    const body = multipart([{ name: 'file', filename: 'a.png', contentType: 'image/png', data: PNG_1X1 }])
    const up = await t.request({ method: 'POST', url: '/api/me/avatar', headers: { ...t.bearer(token), ...body.headers }, payload: body.payload })
    const file = await t.request({ method: 'GET', url: new URL(up.json().user.avatarUrl).pathname })
    expect(file.statusCode).toBe(200)
    expect(file.headers['cache-control']).not.toBe('no-store')
    expect(file.headers['x-content-type-options']).toBe('nosniff')
  })
})

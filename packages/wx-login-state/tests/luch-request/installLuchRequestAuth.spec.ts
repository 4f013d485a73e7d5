import { afterEach, describe, expect, it, vi } from 'vitest'
import Request from 'luch-request'
import { installLuchRequestAuth } from '../../src/luch-request'
import { LoginRequiredError } from '../../src/errors'
import { callsTo } from '../harness'
import { BASE_URL, authorizationOf, interceptedWorld } from '../interceptor/world'

async function luchWorld() {
  const world = await interceptedWorld()
  await world.auth.session.ready()
  vi.stubGlobal('uni', world.uni)
  const http = new Request({ baseURL: BASE_URL })
  const eject = installLuchRequestAuth(http, world.auth)
  // The app's own interceptor, added after ours: it must see each final answer exactly once.
  const unwrapped: unknown[] = []
  http.interceptors.response.use((response) => {
    unwrapped.push(response.data)
    return response
  })
  return { ...world, http, eject, unwrapped }
}

afterEach(() => vi.unstubAllGlobals())

describe('wx-login-state/luch-request', () => {
  it('re-logs in once for 20 concurrent expired requests, each sent at most twice, all answered once', async () => {
    const { http, backend, fake, unwrapped } = await luchWorld()
    backend.forgetAllSessions()
    const before = backend.counts.logins
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => http.get(`/api/me?n=${i}`)))
    expect(results.every((r) => r.statusCode === 200)).toBe(true)
    expect(backend.counts.logins - before).toBe(1)
    expect(callsTo(fake, '/api/me')).toBe(40)
    expect(unwrapped).toHaveLength(20)
  })

  it('rejects with LoginRequiredError when the resend expires too', async () => {
    const { http, fake } = await luchWorld()
    const handler = fake.handler
    fake.handler = (call) => (call.url.includes('/api/me') ? { status: 401, headers: {}, data: {} } : handler(call))
    await expect(http.get('/api/me')).rejects.toBeInstanceOf(LoginRequiredError)
    expect(callsTo(fake, '/api/me')).toBe(2)
  })

  it('sends public calls and third-party URLs without the token, and stops adding it once ejected', async () => {
    const { http, fake, eject } = await luchWorld()
    await http.get('/api/me', { custom: { auth: false } }).catch(() => undefined)
    await http.get('http://127.0.0.2:4000/api/me').catch(() => undefined)
    await http.get('/api/me')
    eject()
    await http.get('/api/me').catch(() => undefined)
    expect(fake.transportLog.slice(-4).map((c) => authorizationOf(c) !== undefined)).toEqual([false, false, true, false])
  })
})

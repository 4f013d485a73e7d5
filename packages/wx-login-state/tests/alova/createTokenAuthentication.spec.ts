import { afterEach, describe, expect, it, vi } from 'vitest'
import { createAlova } from 'alova'
import { uniappRequestAdapter } from '@alova/adapter-uniapp'
import { createTokenAuthentication } from '../../src/alova'
import { LoginRequiredError } from '../../src/errors'
import { callsTo } from '../harness'
import { BASE_URL, authorizationOf, interceptedWorld } from '../interceptor/world'

async function alovaWorld() {
  const world = await interceptedWorld()
  await world.auth.session.ready()
  vi.stubGlobal('uni', world.uni)
  const { onAuthRequired, onResponseRefreshToken } = createTokenAuthentication(world.auth)
  const alova = createAlova({
    baseURL: BASE_URL,
    requestAdapter: uniappRequestAdapter,
    cacheFor: null,
    beforeRequest: onAuthRequired(),
    responded: onResponseRefreshToken((response: { statusCode: number; data: unknown }) => {
      if (response.statusCode >= 400) throw new Error(`HTTP ${response.statusCode}`)
      return response.data
    }),
  })
  return { ...world, alova }
}

afterEach(() => vi.unstubAllGlobals())

describe('wx-login-state/alova', () => {
  it('re-logs in once for 20 concurrent expired requests, each sent at most twice, all answered', async () => {
    const { alova, backend, fake } = await alovaWorld()
    backend.forgetAllSessions()
    const before = backend.counts.logins
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => alova.Get(`/api/me?n=${i}`).send()))
    expect(results.every((r) => typeof r === 'object' && r !== null && 'user' in r)).toBe(true)
    expect(backend.counts.logins - before).toBe(1)
    expect(callsTo(fake, '/api/me')).toBe(40)
  })

  it('rejects with LoginRequiredError when the resend expires too', async () => {
    const { alova, fake } = await alovaWorld()
    const handler = fake.handler
    fake.handler = (call) => (call.url.includes('/api/me') ? { status: 401, headers: {}, data: {} } : handler(call))
    await expect(alova.Get('/api/me').send()).rejects.toBeInstanceOf(LoginRequiredError)
    expect(callsTo(fake, '/api/me')).toBe(2)
  })

  it('sends public methods and third-party URLs without the token', async () => {
    const { alova, fake } = await alovaWorld()
    await alova.Get('/api/health', { meta: { auth: false } }).send().catch(() => undefined)
    await alova.Get('http://127.0.0.2:4000/api/me').send().catch(() => undefined)
    expect(fake.transportLog.slice(-2).map(authorizationOf)).toEqual([undefined, undefined])
  })
})

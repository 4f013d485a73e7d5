import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { requireRedisOrSkip, startRedis } from '../../../testkit/redisServer'
import type { RedisServer } from '../../../testkit/redisServer'
import { startTestServer } from '../helpers/testServer'

describe('GET /healthz, /readyz and /livez', () => {
  it('reports ok for the memory store', async () => {
    const s = await startTestServer()
    try {
      for (const url of ['/healthz', '/readyz']) {
        const res = await s.request({ method: 'GET', url })
        expect(res.statusCode).toBe(200)
        expect(res.json()).toEqual({ status: 'ok', store: 'memory' })
      }
      const live = await s.request({ method: 'GET', url: '/livez' })
      expect(live.statusCode).toBe(200)
      expect(live.json()).toEqual({ status: 'ok' })
    } finally {
      await s.close()
    }
  })

  it('while the server drains: /readyz and /healthz answer 503, /livez still 200', async () => {
    const s = await startTestServer({ shutdownDrainMs: 400 })
    const shutdown = s.app.shutdown()
    try {
      await new Promise((resolve) => setTimeout(resolve, 50))
      for (const url of ['/readyz', '/healthz']) {
        const res = await fetch(`${s.url}${url}`)
        expect(res.status).toBe(503)
        expect(await res.json()).toMatchObject({ error: 'service_unavailable' })
      }
      const live = await fetch(`${s.url}/livez`)
      expect(live.status).toBe(200)
      expect(await live.json()).toEqual({ status: 'ok' })
    } finally {
      await shutdown
      await s.close()
    }
  })
})

const enabled = requireRedisOrSkip('/healthz and store-failure tests with Redis')
let redis: RedisServer | undefined
beforeEach(async () => {
  if (enabled) redis = await startRedis()
})
afterEach(async () => {
  await redis?.stop()
})

describe.skipIf(!enabled)('GET /healthz with Redis', () => {
  it('reports ok while Redis answers, degraded (503) when it is down, and recovers when it is back', async () => {
    const s = await startTestServer({ redisUrl: redis?.url })
    try {
      const { token } = await s.login()
      expect((await s.request({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok', store: 'redis', redis: 'ok' })
      expect((await s.request({ method: 'GET', url: '/readyz' })).statusCode).toBe(200)

      await redis?.stop()
      for (const url of ['/healthz', '/readyz']) {
        const health = await s.request({ method: 'GET', url })
        expect(health.statusCode).toBe(503)
        expect(health.json()).toEqual({ status: 'degraded', store: 'redis', redis: 'down' })
      }
      // The process is alive: restarting it would not bring Redis back.
      expect((await s.request({ method: 'GET', url: '/livez' })).statusCode).toBe(200)
      // Store-backed routes fail fast with 503 instead of hanging.
      const me = await s.request({ method: 'GET', url: '/api/me', headers: s.bearer(token) })
      expect(me.statusCode).toBe(503)
      expect(me.json().error).toBe('service_unavailable')
      const login = await s.request({ method: 'POST', url: '/api/auth/login', payload: { code: s.loginCode() } })
      expect(login.statusCode).toBe(503)
    } finally {
      await s.close()
    }
  })

  it('keeps sessions in Redis: a second server sharing it accepts the first one\'s token', async () => {
    const a = await startTestServer({ redisUrl: redis?.url, deps: { redisPrefix: 'shared-test:' } })
    const b = await startTestServer({ redisUrl: redis?.url, deps: { redisPrefix: 'shared-test:' } })
    try {
      const { token } = await a.login({ openid: 'o_shared' })
      const me = await b.request({ method: 'GET', url: '/api/me', headers: b.bearer(token) })
      expect(me.statusCode).toBe(200)
      expect(me.json().user.openid).toBe('o_shared')
      await b.request({ method: 'POST', url: '/api/auth/logout', headers: b.bearer(token) })
      expect((await a.request({ method: 'GET', url: '/api/me', headers: a.bearer(token) })).statusCode).toBe(401)
    } finally {
      await a.close()
      await b.close()
    }
  })
})

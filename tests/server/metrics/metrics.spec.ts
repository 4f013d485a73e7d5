import { afterEach, describe, expect, it } from 'vitest'
import { requireRedisOrSkip, startRedis } from '../../../testkit/redisServer'
import { startMetricsServer } from '../../../server/metrics/metricsServer'
import type { MetricsServer } from '../../../server/metrics/metricsServer'
import { startTestServer } from '../helpers/testServer'
import type { TestServer } from '../helpers/testServer'

let t: TestServer | undefined
let m: MetricsServer | undefined
afterEach(async () => {
  await m?.close()
  await t?.close()
  t = m = undefined
})

/** Every sample of a Prometheus text exposition, keyed `name{labels}` as written. */
async function scrape(server: MetricsServer): Promise<Map<string, number>> {
  const res = await fetch(`${server.url}/metrics`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  const samples = new Map<string, number>()
  for (const line of (await res.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const at = line.lastIndexOf(' ')
    samples.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return samples
}

describe('/metrics', () => {
  it('is off by default: no metrics, no listener', async () => {
    t = await startTestServer()
    expect(t.app.ctx.metrics).toBeUndefined()
  })

  it('shows the login and re-login counters moving as a client logs in, its session expires and it logs in again', async () => {
    const idleSec = 600
    t = await startTestServer({ metricsPort: 0, sessionIdleTtlSec: idleSec })
    const metrics = t.app.ctx.metrics
    if (metrics === undefined) throw new Error('metrics are on with a METRICS_PORT')
    m = await startMetricsServer(metrics.registry, { port: 0, host: '127.0.0.1' })

    const before = await scrape(m)
    expect(before.get('wxls_logins_total{kind="mini_program",outcome="ok"}')).toBe(0)
    expect(before.get('wxls_session_expired_total{reason="idle"}')).toBe(0)

    const first = await t.login()
    expect((await t.request({ method: 'GET', url: '/api/me', headers: t.bearer(first.token) })).statusCode).toBe(200)
    t.clock.advance(idleSec * 1000 + 1)
    const expired = await t.request({ method: 'GET', url: '/api/me', headers: t.bearer(first.token) })
    expect(expired.statusCode).toBe(401)
    expect(expired.json().error).toBe('session_expired')
    // The repair: the client logs in again and retries.
    const second = await t.login()
    expect((await t.request({ method: 'GET', url: '/api/me', headers: t.bearer(second.token) })).statusCode).toBe(200)

    const after = await scrape(m)
    expect(after.get('wxls_logins_total{kind="mini_program",outcome="ok"}')).toBe(2)
    expect(after.get('wxls_session_expired_total{reason="idle"}')).toBe(1)
    expect(after.get('wxls_session_expired_total{reason="unknown"}')).toBe(0)
    expect(after.get('wxls_sessions_issued_total')).toBe(2)
    expect(after.get('wxls_wechat_calls_total{api="jscode2session",errcode="0"}')).toBe(2)
    expect(after.get('wxls_http_request_duration_seconds_count{method="GET",route="/api/me",status="200"}')).toBe(2)
    expect(after.get('wxls_http_request_duration_seconds_count{method="GET",route="/api/me",status="401"}')).toBe(1)
    expect(after.get('wxls_http_request_duration_seconds_count{method="POST",route="/api/auth/login",status="200"}')).toBe(2)
  })

  it('counts failed logins by code and WeChat errcode, revoked sessions, unknown tokens and the absolute cap', async () => {
    t = await startTestServer({ metricsPort: 0, sessionIdleTtlSec: 3600, sessionMaxAgeSec: 7200 })
    const metrics = t.app.ctx.metrics
    if (metrics === undefined) throw new Error('metrics are on with a METRICS_PORT')
    m = await startMetricsServer(metrics.registry, { port: 0, host: '127.0.0.1' })

    const bad = await t.request({ method: 'POST', url: '/api/auth/login', payload: { code: 'not-a-code-issued' } })
    expect(bad.json().error).toBe('invalid_code')
    expect((await t.request({ method: 'POST', url: '/api/auth/login', payload: {} })).statusCode).toBe(400)

    const a = await t.login()
    await t.request({ method: 'POST', url: '/api/auth/logout', headers: t.bearer(a.token) })
    expect((await t.request({ method: 'GET', url: '/api/me', headers: t.bearer(a.token) })).statusCode).toBe(401)
    expect((await t.request({ method: 'GET', url: '/api/me' })).statusCode).toBe(401)

    const b = await t.login()
    for (let i = 0; i < 3; i++) {
      t.clock.advance(2400 * 1000)
      await t.request({ method: 'GET', url: '/api/me', headers: t.bearer(b.token) })
    }

    const s = await scrape(m)
    expect(s.get('wxls_logins_total{kind="mini_program",outcome="invalid_code"}')).toBe(1)
    expect(s.get('wxls_logins_total{kind="mini_program",outcome="invalid_request"}')).toBe(1)
    expect(s.get('wxls_wechat_calls_total{api="jscode2session",errcode="40029"}')).toBe(1)
    expect(s.get('wxls_sessions_revoked_total')).toBe(1)
    expect(s.get('wxls_session_expired_total{reason="unknown"}')).toBe(2)
    expect(s.get('wxls_session_expired_total{reason="absolute"}')).toBe(1)
    expect(s.get('wxls_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}')).toBeUndefined()
    expect([...s.keys()].some((key) => key.startsWith('process_cpu_seconds_total'))).toBe(true)
  })

  it('answers 404 for anything but GET /metrics', async () => {
    t = await startTestServer({ metricsPort: 0 })
    const metrics = t.app.ctx.metrics
    if (metrics === undefined) throw new Error('metrics are on with a METRICS_PORT')
    m = await startMetricsServer(metrics.registry, { port: 0, host: '127.0.0.1' })
    expect((await fetch(`${m.url}/`)).status).toBe(404)
    expect((await fetch(`${m.url}/metrics`, { method: 'POST' })).status).toBe(404)
  })
})

const withRedis = requireRedisOrSkip('/metrics with Redis')

describe.skipIf(!withRedis)('/metrics with Redis', () => {
  it('shows the connection going down (wxls_redis_up 0, one outage) and /readyz answering 503 meanwhile', async () => {
    const redis = await startRedis()
    try {
      t = await startTestServer({ metricsPort: 0, redisUrl: redis.url })
      const metrics = t.app.ctx.metrics
      if (metrics === undefined) throw new Error('metrics are on with a METRICS_PORT')
      m = await startMetricsServer(metrics.registry, { port: 0, host: '127.0.0.1' })
      await t.login()
      expect((await scrape(m)).get('wxls_redis_up')).toBe(1)
      await redis.stop()
      expect((await t.request({ method: 'GET', url: '/readyz' })).statusCode).toBe(503)
      const down = await scrape(m)
      expect(down.get('wxls_redis_up')).toBe(0)
      expect(down.get('wxls_redis_outages_total')).toBe(1)
    } finally {
      await redis.stop()
    }
  })
})

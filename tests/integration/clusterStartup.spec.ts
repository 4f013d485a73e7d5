/**
 * A server instance starting while its Redis Cluster client cannot become ready (the Cluster's slot map answers later
 * than the client's slotsRefreshTimeout), on a real 3-node Cluster behind proxies: what it answers meanwhile, what
 * /healthz and the log say, and that it recovers on its own once the slot map comes through.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { requireRedisClusterOrSkip, startRedisCluster } from '../../testkit/redisCluster'
import type { RedisCluster } from '../../testkit/redisCluster'
import { startTestServer } from '../server/helpers/testServer'
import type { TestServer } from '../server/helpers/testServer'

const on = requireRedisClusterOrSkip('tests/integration/clusterStartup.spec.ts')
let cluster: RedisCluster | undefined
let server: TestServer | undefined

beforeAll(async () => {
  if (on) cluster = await startRedisCluster({ proxied: true })
}, 90_000)
afterEach(async () => {
  for (const proxy of cluster?.proxies ?? []) proxy.holdRequests(undefined)
  await server?.close()
  server = undefined
})
afterAll(async () => {
  await cluster?.stop()
})

const isClusterSlots = (chunk: Buffer): boolean => chunk.toString('latin1').toLowerCase().includes('$7\r\ncluster\r\n$5\r\nslots\r\n')

describe.skipIf(!on)('a server starting before its Redis Cluster client is ready', () => {
  it('answers 503 service_unavailable and /healthz degraded, logs one warning, then recovers on its own', async () => {
    for (const proxy of cluster?.proxies ?? []) proxy.holdRequests((chunk) => (isClusterSlots(chunk) ? 5000 : 0))
    server = await startTestServer({ redisUrl: cluster?.url, logLevel: 'info' })
    const s = server
    expect(s.app.ctx.stores.redis?.status).not.toBe('ready')
    // Said at start-up, before any request fails: the client is still fetching its slot map and emits no error yet.
    const atStart = s.logObjects().filter((line) => line.level === 40)
    expect(atStart).toHaveLength(1)
    expect(atStart[0]).toMatchObject({
      msg: expect.stringContaining('The session store (Redis) is unavailable'),
      cause: expect.stringMatching(/^Redis is not ready after 3000 ms \(client (connecting|connect|reconnecting)\); starting degraded/),
    })

    const health = await s.request({ method: 'GET', url: '/healthz' })
    expect(health.statusCode).toBe(503)
    expect(health.json()).toEqual({ status: 'degraded', store: 'redis', redis: 'down' })
    const login = await s.request({ method: 'POST', url: '/api/auth/login', payload: { code: s.loginCode() } })
    expect(login.statusCode).toBe(503)
    expect(login.json()).toMatchObject({ error: 'service_unavailable' })
    expect(login.headers['retry-after']).toBe('5')

    // Further failures are counted, not logged.
    expect(s.logObjects().filter((line) => line.level === 40)).toHaveLength(1)

    // The slot map comes through again: the client, retrying in the background, becomes ready; nothing restarts.
    for (const proxy of cluster?.proxies ?? []) proxy.holdRequests(undefined)
    while ((await s.request({ method: 'GET', url: '/healthz' })).statusCode !== 200) await new Promise((resolve) => setTimeout(resolve, 50))
    expect((await s.request({ method: 'POST', url: '/api/auth/login', payload: { code: s.loginCode() } })).statusCode).toBe(200)
    const recovered = s.logObjects().filter((line) => line.level === 30 && String(line.msg).includes('is available again'))
    expect(recovered).toHaveLength(1)
    expect(recovered[0]).toMatchObject({ failures: expect.any(Number) })
    expect(s.logObjects().filter((line) => line.level === 40)).toHaveLength(1)
  }, 30_000)
})

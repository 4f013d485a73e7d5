/**
 * The shared Redis client on a real 3-node Cluster whose nodes sit behind proxies (they announce the proxies' ports,
 * so every connection a client opens goes through them), to make the timing of a client's start-up deterministic.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRedisClient, waitForRedis } from '../../../server/stores/redisClient'
import type { RedisConnection } from '../../../server/stores/redisClient'
import { requireRedisClusterOrSkip, startRedisCluster } from '../../../testkit/redisCluster'
import type { RedisCluster } from '../../../testkit/redisCluster'

const on = requireRedisClusterOrSkip('tests/server/stores/redisClient.spec.ts')
let cluster: RedisCluster | undefined
const clients: RedisConnection[] = []

beforeAll(async () => {
  if (on) cluster = await startRedisCluster({ proxied: true })
}, 90_000)
afterEach(() => {
  for (const proxy of cluster?.proxies ?? []) proxy.holdRequests(undefined)
  for (const client of clients.splice(0)) client.disconnect()
})
afterAll(async () => {
  await cluster?.stop()
})

// A node connection's own ready check is a lone INFO (`*1 $4 info`); the Cluster's ready check, CLUSTER INFO, is not.
const isLoneInfo = (chunk: Buffer): boolean => chunk.toString('latin1').toLowerCase().includes('*1\r\n$4\r\ninfo\r\n')
const isClusterSlots = (chunk: Buffer): boolean => chunk.toString('latin1').toLowerCase().includes('$7\r\ncluster\r\n$5\r\nslots\r\n')

function hold(rule: (chunk: Buffer) => number): () => number {
  const proxies = cluster?.proxies ?? []
  if (proxies.length !== 3) throw new Error('expected a proxied cluster')
  const before = proxies.reduce((n, proxy) => n + proxy.held, 0)
  for (const proxy of proxies) proxy.holdRequests(rule)
  return () => proxies.reduce((n, proxy) => n + proxy.held, 0) - before
}

function client(): RedisConnection {
  const redis = createRedisClient(cluster?.url ?? '')
  clients.push(redis)
  return redis
}

describe.skipIf(!on)('createRedisClient on a Redis Cluster', () => {
  it('becomes ready on its first attempt while every node answers a new connection’s INFO 400 ms late', async () => {
    // The slot map comes back at once, the nodes' connections are still waiting on their INFO: the Cluster's ready
    // check must wait for its node rather than fail and start over (which, with fresh connections each time, never
    // ends while the nodes are this slow).
    const held = hold((chunk) => (isLoneInfo(chunk) ? 400 : 0))
    const redis = client()
    let attempts = 0
    redis.on('connecting', () => attempts++)

    expect(await waitForRedis(redis, 10_000)).toBe(true)
    expect(attempts).toBe(1)
    expect(held()).toBeGreaterThan(0)
    // Keys in each node's slots: every node connection works once it is up.
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) await redis.set(`wxls-client:${key}`, key, 'PX', 10_000)
    expect(await redis.get('wxls-client:c')).toBe('c')
  })

  it('fails a command at once while the slot map is late, and becomes ready once the map arrives', async () => {
    // A slot map slower than slotsRefreshTimeout: the client keeps retrying in the background (clusterRetryStrategy)
    // and answers every command at once with an error rather than queueing it.
    hold((chunk) => (isClusterSlots(chunk) ? 2500 : 0))
    const redis = client()
    expect(await waitForRedis(redis, 300)).toBe(false)
    await expect(redis.get('wxls-client:x')).rejects.toThrow("Cluster isn't ready")

    for (const proxy of cluster?.proxies ?? []) proxy.holdRequests(undefined)
    expect(await waitForRedis(redis, 10_000)).toBe(true)
    expect(await redis.get('wxls-client:x')).toBeNull()
  })
})

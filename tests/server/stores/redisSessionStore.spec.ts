import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ServiceUnavailableError } from '../../../server/errors'
import { createStores } from '../../../server/stores/createStores'
import { createRedisClient } from '../../../server/stores/redisClient'
import { RedisSessionStore } from '../../../server/stores/redisSessionStore'
import { TOUCH } from '../../../server/stores/sessionScripts'
import { requireRedisClusterOrSkip, startRedisCluster } from '../../../testkit/redisCluster'
import type { RedisCluster } from '../../../testkit/redisCluster'
import { startRedisSentinel } from '../../../testkit/redisSentinel'
import type { RedisSentinelSet } from '../../../testkit/redisSentinel'
import { requireRedisOrSkip, startRedis } from '../../../testkit/redisServer'
import type { RedisServer } from '../../../testkit/redisServer'
import { sessionStoreContract } from './sessionStore.contract'

const enabled = requireRedisOrSkip('RedisSessionStore tests')
const clusterEnabled = requireRedisClusterOrSkip('RedisSessionStore tests on a Redis Cluster')
let redis: RedisServer | undefined
let cluster: RedisCluster | undefined
let sentinel: RedisSentinelSet | undefined

beforeAll(async () => {
  if (enabled) redis = await startRedis()
  if (clusterEnabled) [cluster, sentinel] = await Promise.all([startRedisCluster(), startRedisSentinel()])
}, 90_000)
afterAll(async () => {
  await redis?.stop()
  await cluster?.stop()
  await sentinel?.stop()
})

const record = { userId: 'u_1', openid: 'o', sessionKey: 'k', createdAt: 0, expiresAt: 10_000, idleExpiresAt: 5000 }

describe.each([
  ['one Redis', enabled, () => redis?.url],
  ['a 3-node Redis Cluster', clusterEnabled, () => cluster?.url],
  ['a Sentinel-managed Redis', clusterEnabled, () => sentinel?.url],
])('RedisSessionStore on %s', (where, on, url) => {
  describe.skipIf(!on)('', () => {
    sessionStoreContract(`RedisSessionStore on ${where}`, async () => {
      // The production wiring, with a unique namespace per test so tests stay independent on one server.
      const stores = await createStores({ redisUrl: url(), prefix: `t${randomBytes(6).toString('hex')}:`, sessionMaxAgeMs: 60_000 })
      return { store: stores.sessions, users: stores.users, dispose: () => stores.close() }
    })

    it('keeps a user, their session index and their sessions in one slot, under the tag the token carries', async () => {
      const stores = await createStores({ redisUrl: url(), prefix: 'wxls-k:', sessionMaxAgeMs: 60_000 })
      const client = stores.redis
      try {
        const user = await stores.users.upsertByOpenid({ openid: `o_${randomBytes(4).toString('hex')}` }, 1)
        const tag = await stores.sessions.tagFor(user.id)
        const hash = 'a'.repeat(64)
        await stores.sessions.create({ tag, hash }, { ...record, userId: user.id }, 60_000)
        const keys = [`wxls-k:{${tag}}:s:${hash}`, `wxls-k:{${tag}}:sessions`, `wxls-k:{${tag}}:user`]
        expect(await Promise.all(keys.map((k) => client?.exists(k)))).toEqual([1, 1, 1])
        expect(new Set(await Promise.all(keys.map((k) => client?.cluster('KEYSLOT', k).catch(() => 'single node'))))).toHaveLength(1)
        expect(await client?.smembers(`wxls-k:{${tag}}:sessions`)).toEqual([hash])
        expect(await client?.pttl(`wxls-k:{${tag}}:s:${hash}`)).toBeGreaterThan(0)
        expect(await client?.get(`wxls-k:user-tag:${user.id}`)).toBe(tag)
      } finally {
        await stores.close()
      }
    })

    it('drops index entries of sessions that expired on their own when the user logs in again', async () => {
      const stores = await createStores({ redisUrl: url(), prefix: 'wxls-p:', sessionMaxAgeMs: 60_000 })
      try {
        const userId = `u_${randomBytes(6).toString('hex')}`
        const tag = await stores.sessions.tagFor(userId)
        for (let i = 0; i < 5; i++) await stores.sessions.create({ tag, hash: `short${i}` }, { ...record, userId }, 20)
        await new Promise((resolve) => setTimeout(resolve, 60))
        await stores.sessions.create({ tag, hash: 'live' }, { ...record, userId }, 60_000)
        expect(await stores.redis?.smembers(`wxls-p:{${tag}}:sessions`)).toEqual(['live'])
      } finally {
        await stores.close()
      }
    })

    it('still touches in one call after the scripts were flushed (NOSCRIPT falls back to EVAL once)', async () => {
      const stores = await createStores({ redisUrl: url(), prefix: `t${randomBytes(6).toString('hex')}:`, sessionMaxAgeMs: 60_000 })
      try {
        const tag = await stores.sessions.tagFor('u_1')
        await stores.sessions.create({ tag, hash: 'b'.repeat(64) }, record, 60_000)
        const nodes = stores.redis === undefined ? [] : 'nodes' in stores.redis ? stores.redis.nodes('master') : [stores.redis]
        await Promise.all(nodes.map((n) => n.script('FLUSH')))
        expect(await Promise.all(nodes.map((n) => n.script('EXISTS', TOUCH.sha)))).toEqual(nodes.map(() => [0]))
        const policy = { now: 1000, idleTtlMs: 4000, minSlideMs: 100 }
        expect((await stores.sessions.touch({ tag, hash: 'b'.repeat(64) }, policy)).state).toBe('active')
        expect((await Promise.all(nodes.map((n) => n.script('EXISTS', TOUCH.sha)))).flat()).toContain(1)
      } finally {
        await stores.close()
      }
    })
  })
})

describe.skipIf(!enabled)('RedisSessionStore when Redis is down', () => {
  it('rejects with ServiceUnavailableError at once, instead of hanging', async () => {
    const down = await startRedis()
    const client = createRedisClient(down.url)
    await new Promise<void>((resolve) => client.once('ready', () => resolve()))
    const store = new RedisSessionStore(client, { indexTtlMs: 60_000 })
    await down.stop()
    try {
      const at = { tag: 'AAAAAAAAAAAA', hash: 'x' }
      await expect(store.get(at)).rejects.toBeInstanceOf(ServiceUnavailableError)
      await expect(store.touch(at, { now: 0, idleTtlMs: 1, minSlideMs: 0 })).rejects.toBeInstanceOf(ServiceUnavailableError)
      await expect(store.create(at, record, 1000)).rejects.toBeInstanceOf(ServiceUnavailableError)
    } finally {
      client.disconnect()
    }
  })

  it('keeps unreadable sessions unknown instead of failing', async () => {
    const client = new Redis(redis?.url ?? '')
    try {
      const store = new RedisSessionStore(client, { prefix: 'wxls-bad:', indexTtlMs: 60_000 })
      await client.hset('wxls-bad:{AAAAAAAAAAAA}:s:c', { d: 'not json', e: '10000', i: '5000' })
      expect(await store.touch({ tag: 'AAAAAAAAAAAA', hash: 'c' }, { now: 1000, idleTtlMs: 4000, minSlideMs: 0 })).toEqual({ state: 'unknown' })
    } finally {
      client.disconnect()
    }
  })
})

import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ServiceUnavailableError } from '../../../server/errors'
import { createRedisClient } from '../../../server/stores/redisClient'
import { RedisSessionStore } from '../../../server/stores/redisSessionStore'
import { requireRedisOrSkip, startRedis } from '../../../testkit/redisServer'
import type { RedisServer } from '../../../testkit/redisServer'
import { sessionStoreContract } from './sessionStore.contract'

const enabled = requireRedisOrSkip('RedisSessionStore tests')
let redis: RedisServer | undefined

beforeAll(async () => {
  if (enabled) redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})

describe.skipIf(!enabled)('RedisSessionStore', () => {
  sessionStoreContract('RedisSessionStore', async () => {
    const client = new Redis(redis?.url ?? '')
    // A unique namespace per test keeps tests independent on one server.
    const prefix = `t${randomBytes(6).toString('hex')}:`
    return { store: new RedisSessionStore(client, { prefix, indexTtlMs: 60_000 }), dispose: async () => void client.disconnect() }
  })

  it('keeps sessions under namespaced keys, the per-user index as a set', async () => {
    const client = new Redis(redis?.url ?? '')
    try {
      const store = new RedisSessionStore(client, { prefix: 'wxls-k:', indexTtlMs: 60_000 })
      const hash = 'a'.repeat(64)
      await store.create(hash, { userId: 'u_1', openid: 'o', sessionKey: 'k', createdAt: 0, expiresAt: 1, idleExpiresAt: 1 }, 60_000)
      expect(await client.exists(`wxls-k:sess:${hash}`)).toBe(1)
      expect(await client.smembers('wxls-k:user-sessions:u_1')).toEqual([hash])
      expect(await client.pttl(`wxls-k:sess:${hash}`)).toBeGreaterThan(0)
    } finally {
      client.disconnect()
    }
  })

  it('rejects with ServiceUnavailableError at once when Redis is down, instead of hanging', async () => {
    const down = await startRedis()
    const client = createRedisClient(down.url)
    await new Promise<void>((resolve) => client.once('ready', () => resolve()))
    const store = new RedisSessionStore(client, { indexTtlMs: 60_000 })
    await down.stop()
    try {
      await expect(store.get('x')).rejects.toBeInstanceOf(ServiceUnavailableError)
      await expect(store.create('x', { userId: 'u', openid: 'o', sessionKey: 'k', createdAt: 0, expiresAt: 1, idleExpiresAt: 1 }, 1000)).rejects.toBeInstanceOf(
        ServiceUnavailableError,
      )
    } finally {
      client.disconnect()
    }
  })
})

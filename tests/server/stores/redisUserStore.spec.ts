import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe } from 'vitest'
import { RedisUserStore } from '../../../server/stores/redisUserStore'
import { requireRedisOrSkip, startRedis } from '../../../testkit/redisServer'
import type { RedisServer } from '../../../testkit/redisServer'
import { userStoreContract } from './userStore.contract'

const enabled = requireRedisOrSkip('RedisUserStore tests')
let redis: RedisServer | undefined

beforeAll(async () => {
  if (enabled) redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})

describe.skipIf(!enabled)('RedisUserStore', () => {
  userStoreContract('RedisUserStore', async () => {
    const client = new Redis(redis?.url ?? '')
    const prefix = `t${randomBytes(6).toString('hex')}:`
    return { store: new RedisUserStore(client, { prefix }), dispose: async () => void client.disconnect() }
  })
})

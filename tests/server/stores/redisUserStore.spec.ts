import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStores } from '../../../server/stores/createStores'
import { commandStatsReader, diffCommandCalls } from '../../../server/testing/redisCommandStats'
import { countRedisTraffic } from '../../../server/testing/redisTraffic'
import { requireRedisClusterOrSkip, startRedisCluster } from '../../../testkit/redisCluster'
import type { RedisCluster } from '../../../testkit/redisCluster'
import { requireRedisOrSkip, startRedis } from '../../../testkit/redisServer'
import type { RedisServer } from '../../../testkit/redisServer'
import { userStoreContract } from './userStore.contract'

const enabled = requireRedisOrSkip('RedisUserStore tests')
const clusterEnabled = requireRedisClusterOrSkip('RedisUserStore tests on a Redis Cluster')
let redis: RedisServer | undefined
let cluster: RedisCluster | undefined

beforeAll(async () => {
  if (enabled) redis = await startRedis()
  if (clusterEnabled) cluster = await startRedisCluster()
}, 90_000)
afterAll(async () => {
  await redis?.stop()
  await cluster?.stop()
})

const prefix = (): string => `t${randomBytes(6).toString('hex')}:`

describe.each([
  ['one Redis', enabled, () => redis?.url],
  ['a 3-node Redis Cluster', clusterEnabled, () => cluster?.url],
])('RedisUserStore on %s', (where, on, url) => {
  describe.skipIf(!on)('', () => {
    userStoreContract(`RedisUserStore on ${where}`, async () => {
      const stores = await createStores({ redisUrl: url(), prefix: prefix(), sessionMaxAgeMs: 60_000 })
      return { store: stores.users, dispose: () => stores.close() }
    })
  })
})

describe.skipIf(!enabled)('RedisUserStore and the layout before slot tags', () => {
  it('moves a user stored as <prefix>user:<id> into its slot on the next login, keeping the profile', async () => {
    const p = prefix()
    const client = new Redis(redis?.url ?? '')
    const stores = await createStores({ redisUrl: redis?.url, prefix: p, sessionMaxAgeMs: 60_000 })
    try {
      await client.set(`${p}openid:o_old`, 'u_old')
      await client.hset(`${p}user:u_old`, { id: 'u_old', openid: 'o_old', nickname: '老用户', avatarPath: '/uploads/a.png', createdAt: '5' })
      const users = await Promise.all([1, 2, 3].map(() => stores.users.upsertByOpenid({ openid: 'o_old' }, 99)))
      for (const user of users) expect(user).toEqual({ id: 'u_old', openid: 'o_old', nickname: '老用户', avatarPath: '/uploads/a.png', createdAt: 5 })
      const tag = await client.get(`${p}user-tag:u_old`)
      expect(await client.hget(`${p}{${tag}}:user`, 'nickname')).toBe('老用户')
      expect(await client.exists(`${p}user:u_old`)).toBe(0)
      expect(await stores.users.get('u_old')).toEqual(users[0])
    } finally {
      client.disconnect()
      await stores.close()
    }
  })
})

describe.skipIf(!enabled)('RedisUserStore, a returning user', () => {
  it('reads the user in 2 round trips and writes nothing (3 with a unionid, whose index claim is a no-op once it exists)', async () => {
    const url = redis?.url ?? ''
    const stores = await createStores({ redisUrl: url, prefix: prefix(), sessionMaxAgeMs: 60_000 })
    const stats = commandStatsReader(url)
    try {
      if (stores.redis === undefined) throw new Error('no Redis client')
      const first = await stores.users.upsertByOpenid({ openid: 'o_back' }, 1)
      const linked = await stores.users.upsertByOpenid({ openid: 'o_linked', unionid: 'un_linked' }, 1)
      const traffic = countRedisTraffic(stores.redis)
      const before = await stats.read()
      expect(await stores.users.upsertByOpenid({ openid: 'o_back' }, 2)).toEqual(first)
      const plain = traffic.read()
      traffic.reset()
      expect(await stores.users.upsertByOpenid({ openid: 'o_linked', unionid: 'un_linked' }, 2)).toEqual(linked)
      const withUnionid = traffic.read()
      const calls = diffCommandCalls(before, await stats.read())
      traffic.detach()

      expect(plain.roundTrips).toBe(2)
      expect(withUnionid.roundTrips).toBe(3)
      // The `SET … NX` of an index that exists already is refused by Redis: not a write, nothing replicated.
      expect(Object.keys(calls).filter((c) => ['hset', 'del', 'hdel'].includes(c))).toEqual([])
      expect(calls.set ?? 0).toBe(1)
    } finally {
      stats.close()
      await stores.close()
    }
  })

  it('records a unionid WeChat now reports on the hash and claims its index, so a web sign-in finds the same user', async () => {
    const stores = await createStores({ redisUrl: redis?.url, prefix: prefix(), sessionMaxAgeMs: 60_000 })
    try {
      const before = await stores.users.upsertByOpenid({ openid: 'o_late' }, 1)
      const after = await stores.users.upsertByOpenid({ openid: 'o_late', unionid: 'un_late' }, 2)
      expect(after).toEqual({ ...before, unionid: 'un_late' })
      expect(await stores.users.get(before.id)).toEqual(after)
      const web = await stores.users.upsertByWebOpenid({ openid: 'w_late', unionid: 'un_late' }, 3)
      expect(web.id).toBe(before.id)
    } finally {
      await stores.close()
    }
  })
})

describe.skipIf(!enabled)('RedisUserStore when a user hash is gone but its indexes remain', () => {
  it.each([
    ['the mini program', 'upsertByOpenid'],
    ['the web', 'upsertByWebOpenid'],
  ] as const)('rebuilds the user under the same id on the next login from %s, and keeps the other side', async (_side, method) => {
    const p = prefix()
    const client = new Redis(redis?.url ?? '')
    const stores = await createStores({ redisUrl: redis?.url, prefix: p, sessionMaxAgeMs: 60_000 })
    try {
      const first = await stores.users.upsertByOpenid({ openid: 'o_gone', unionid: 'un_gone' }, 1)
      await stores.users.upsertByWebOpenid({ openid: 'w_gone', unionid: 'un_gone' }, 2)
      const tag = await client.get(`${p}user-tag:${first.id}`)
      expect(await client.del(`${p}{${tag}}:user`)).toBe(1)
      const openid = method === 'upsertByOpenid' ? 'o_gone' : 'w_gone'
      const again = await stores.users[method]({ openid, unionid: 'un_gone' }, 3)
      expect(again.id).toBe(first.id)
      expect(again.unionid).toBe('un_gone')
      expect(await stores.users.get(first.id)).toEqual(again)
      // The other side's login finds the same user and records its openid again.
      const otherSide = method === 'upsertByOpenid' ? 'upsertByWebOpenid' : 'upsertByOpenid'
      const other = await stores.users[otherSide]({ openid: otherSide === 'upsertByOpenid' ? 'o_gone' : 'w_gone', unionid: 'un_gone' }, 4)
      expect(other).toMatchObject({ id: first.id, openid: 'o_gone', webOpenid: 'w_gone', unionid: 'un_gone' })
    } finally {
      client.disconnect()
      await stores.close()
    }
  })
})

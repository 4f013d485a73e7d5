import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireRedisOrSkip, startRedis } from '../../../testkit/redisServer'
import type { RedisServer } from '../../../testkit/redisServer'
import { startTestServer } from '../helpers/testServer'

const enabled = requireRedisOrSkip('rate-limit counters on Redis')
let redis: RedisServer | undefined
beforeAll(async () => {
  if (enabled) redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})

describe.skipIf(!enabled)('rate-limit counters on Redis', () => {
  it('are named <prefix>rl:<limiter key>, and still limit', async () => {
    const s = await startTestServer({ redisUrl: redis?.url, loginRateLimit: 3, deps: { redisPrefix: 'rlnames:' } })
    const client = new Redis(redis?.url ?? '')
    try {
      for (let i = 0; i < 3; i++) expect((await s.request({ method: 'POST', url: '/api/auth/login', payload: { code: s.loginCode() } })).statusCode).toBe(200)
      const limited = await s.request({ method: 'POST', url: '/api/auth/login', payload: { code: s.loginCode() } })
      expect(limited.statusCode).toBe(429)
      const keys = (await client.keys('rlnames:rl:*')).sort()
      expect(keys.some((key) => key.includes('undefined'))).toBe(false)
      expect(keys).toContain('rlnames:rl:login-ip:127.0.0.1')
      expect(Number(await client.get('rlnames:rl:login-ip:127.0.0.1'))).toBe(4)
      const ttl = await client.pttl('rlnames:rl:login-ip:127.0.0.1')
      expect(ttl).toBeGreaterThan(0)
      expect(ttl).toBeLessThanOrEqual(60_000)
    } finally {
      client.disconnect()
      await s.close()
    }
  })
})

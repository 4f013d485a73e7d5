/**
 * Two server instances sharing one Redis, and separately a real 3-node Redis Cluster: each serves and revokes the
 * other's sessions, they share the login rate limit and fetch the WeChat access token once between them (both
 * call the same WeChat, the emulator mounted on the first). And every authenticated request costs exactly one
 * Redis round trip, counted on the client and in Redis' own INFO commandstats.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandStatsReader, diffCommandCalls, totalCalls } from '../../server/testing/redisCommandStats'
import { countRedisTraffic } from '../../server/testing/redisTraffic'
import { requireRedisClusterOrSkip, startRedisCluster } from '../../testkit/redisCluster'
import type { RedisCluster } from '../../testkit/redisCluster'
import { requireRedisOrSkip, startRedis } from '../../testkit/redisServer'
import type { RedisServer } from '../../testkit/redisServer'
import { manualClock, startTestServer } from '../server/helpers/testServer'
import type { TestServer } from '../server/helpers/testServer'

const single = requireRedisOrSkip('tests/integration/sharedRedis.spec.ts')
const clustered = requireRedisClusterOrSkip('tests/integration/sharedRedis.spec.ts on a Redis Cluster')
let redis: RedisServer | undefined
let cluster: RedisCluster | undefined

beforeAll(async () => {
  if (single) redis = await startRedis()
  if (clustered) cluster = await startRedisCluster()
}, 90_000)
afterAll(async () => {
  await redis?.stop()
  await cluster?.stop()
})

/** Two instances on one namespace; the second calls the first one's WeChat (emulator), like two real instances. */
async function twoInstances(redisUrl: string | undefined, loginRateLimit = 1000): Promise<[TestServer, TestServer]> {
  const clock = manualClock()
  const redisPrefix = `shared-${randomBytes(4).toString('hex')}:`
  const a = await startTestServer({ redisUrl, loginRateLimit, clock, deps: { redisPrefix } })
  let ownUrl = ''
  const b = await startTestServer({
    redisUrl,
    loginRateLimit,
    clock,
    deps: { redisPrefix, fetch: (input, init) => fetch(String(input instanceof Request ? input.url : input).replace(ownUrl, a.url), init) },
  })
  ownUrl = b.url
  return [a, b]
}

async function login(server: TestServer, code: string): Promise<{ status: number; token: string; userId: string }> {
  const res = await server.request({ method: 'POST', url: '/api/auth/login', payload: { code } })
  const body = res.json<{ token?: string; user?: { id: string } }>()
  return { status: res.statusCode, token: body.token ?? '', userId: body.user?.id ?? '' }
}

async function me(server: TestServer, token: string): Promise<number> {
  return (await server.request({ method: 'GET', url: '/api/me', headers: server.bearer(token) })).statusCode
}

describe.each([
  ['one Redis', single, () => redis?.url],
  ['a 3-node Redis Cluster', clustered, () => cluster?.url],
])('two instances sharing %s', (_, on, url) => {
  describe.skipIf(!on)('', () => {
    it("serve each other's sessions and revoke each other's sessions, one or all", async () => {
      const [a, b] = await twoInstances(url())
      try {
        const phone = await login(a, a.loginCode({ openid: 'o_two' }))
        const tablet = await login(b, a.loginCode({ openid: 'o_two' }))
        const other = await login(b, a.loginCode({ openid: 'o_other' }))
        expect(phone.userId).toBe(tablet.userId)
        for (const s of [a, b]) for (const t of [phone, tablet, other]) expect(await me(s, t.token)).toBe(200)

        await b.request({ method: 'POST', url: '/api/auth/logout', headers: b.bearer(phone.token) })
        expect(await me(a, phone.token)).toBe(401)
        expect(await me(a, tablet.token)).toBe(200)

        const again = await login(a, a.loginCode({ openid: 'o_two' }))
        const res = await b.request({ method: 'POST', url: '/api/auth/logout-all', headers: b.bearer(again.token) })
        expect(res.statusCode).toBe(204)
        for (const s of [a, b]) {
          expect(await me(s, again.token)).toBe(401)
          expect(await me(s, tablet.token)).toBe(401)
          expect(await me(s, other.token)).toBe(200)
        }
      } finally {
        await a.close()
        await b.close()
      }
    })

    it('share the login rate limit: the limit counts logins on both', async () => {
      const [a, b] = await twoInstances(url(), 3)
      try {
        expect((await login(a, a.loginCode())).status).toBe(200)
        expect((await login(b, a.loginCode())).status).toBe(200)
        expect((await login(a, a.loginCode())).status).toBe(200)
        expect((await login(b, a.loginCode())).status).toBe(429)
        expect((await login(a, a.loginCode())).status).toBe(429)
      } finally {
        await a.close()
        await b.close()
      }
    })

    it('fetch the WeChat access token once between them, even when both need it at the same moment', async () => {
      const [a, b] = await twoInstances(url())
      try {
        const { token, openid } = await a.login({ openid: 'o_phone' })
        const phone = (s: TestServer) =>
          s.request({ method: 'POST', url: '/api/me/phone', headers: s.bearer(token), payload: { code: a.app.wxEmulator.issuePhoneCode({ openid }).code } })
        const answers = await Promise.all([phone(a), phone(b)])
        expect(answers.map((r) => r.statusCode)).toEqual([200, 200])
        expect((await phone(b)).statusCode).toBe(200)
        expect((await phone(a)).statusCode).toBe(200)
        expect(a.app.ctx.stats.accessTokenFetches + b.app.ctx.stats.accessTokenFetches).toBe(1)
        expect(a.app.wxEmulator.stats.stable_token.calls).toBe(1)
      } finally {
        await a.close()
        await b.close()
      }
    })

    it('make exactly one Redis round trip per authenticated request, whether or not the slide writes', async () => {
      const [a, b] = await twoInstances(url())
      const stats = commandStatsReader(url() ?? '')
      const traffic = [a, b].map((s) => {
        const client = s.app.ctx.stores.redis
        if (client === undefined) throw new Error('expected the Redis stores')
        return countRedisTraffic(client)
      })
      try {
        const { token } = await a.login()
        // Warm-up: each node learns the script once (NOSCRIPT → EVAL), then it is EVALSHA only.
        for (const s of [a, b, a, b]) expect(await me(s, token)).toBe(200)
        for (const t of traffic) t.reset()
        const before = await stats.read()
        for (let i = 0; i < 10; i++) {
          // Every other request moves the clock past 1% of the 7-day idle TTL (1.7 h), so its slide writes.
          if (i % 2 === 0) a.clock.advance(2 * 3_600_000)
          expect(await me(i % 2 === 0 ? a : b, token)).toBe(200)
        }
        const calls = diffCommandCalls(before, await stats.read())
        const counted = traffic.map((t) => t.read())
        expect(counted.reduce((n, c) => n + c.roundTrips, 0)).toBe(10)
        expect(counted.reduce((n, c) => n + c.commands, 0)).toBe(10)
        expect(counted.reduce((n, c) => n + c.replies, 0)).toBe(10)
        // In Redis: 10 EVALSHA; inside them 10 HMGET and 10 HGETALL, and 5 slides of HSET + PEXPIRE.
        expect(calls).toEqual({ evalsha: 10, hmget: 10, hgetall: 10, hset: 5, pexpire: 5 })
        expect(totalCalls(calls)).toBe(40)
      } finally {
        for (const t of traffic) t.detach()
        stats.close()
        await a.close()
        await b.close()
      }
    })
  })
})

/**
 * The server on a real Sentinel-managed Redis (a master, a replica, one Sentinel on loopback): it reaches the
 * master through `redis+sentinel://`, and when the master crashes it follows the Sentinel to the promoted replica
 * on its own. A user logged in before the crash stays logged in after it, and no request in between is answered
 * 401 (which would log the user out) or 500: the outage is 503s, and it ends.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { requireRedisClusterOrSkip } from '../../testkit/redisCluster'
import { startRedisSentinel } from '../../testkit/redisSentinel'
import type { RedisSentinelSet } from '../../testkit/redisSentinel'
import { startTestServer } from '../server/helpers/testServer'

// Needs redis-server (in Sentinel mode too) and redis-cli, like the cluster suites.
const enabled = requireRedisClusterOrSkip('tests/integration/redisSentinel.spec.ts')
let set: RedisSentinelSet | undefined

// A failover changes the set for good, so each test gets its own.
beforeEach(async () => {
  if (enabled) set = await startRedisSentinel()
}, 60_000)
afterEach(async () => {
  await set?.stop()
  set = undefined
})

describe.skipIf(!enabled)('the server on a Sentinel-managed Redis', () => {
  it('follows a planned failover (SENTINEL FAILOVER, as for an upgrade): reads and writes carry on, never 401 or 500', async () => {
    const sentinel = set as RedisSentinelSet
    const server = await startTestServer({ redisUrl: sentinel.url })
    try {
      const user = await server.login({ openid: 'o_planned' })
      const oldMaster = await sentinel.masterPort()
      await sentinel.syncReplica()
      await sentinel.failover()
      const newMaster = await sentinel.waitForNewMaster(oldMaster, 20_000)
      expect(newMaster).not.toBe(oldMaster)

      // The demoted master answers writes with READONLY until it drops its clients; the server must end up on the
      // new master for both reads and writes (a login writes a session), and answer nothing but 200 or 503.
      const statuses = new Set<number>()
      const deadline = Date.now() + 20_000
      let settled = false
      while (!settled && Date.now() < deadline) {
        const me = await server.request({ method: 'GET', url: '/api/me', headers: server.bearer(user.token) })
        const login = await server.request({ method: 'POST', url: '/api/auth/login', payload: { code: server.loginCode({ openid: 'o_planned' }) } })
        statuses.add(me.statusCode).add(login.statusCode)
        settled = me.statusCode === 200 && login.statusCode === 200
        if (!settled) await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(settled).toBe(true)
      expect([...statuses].filter((s) => s !== 200 && s !== 503)).toEqual([])
      const info = String(await server.app.ctx.stores.redis?.info('replication'))
      expect(info).toContain('role:master')
    } finally {
      await server.close()
    }
  }, 60_000)

  it('keeps its users logged in across a crash of the master: 503 while the Sentinel fails over, never 401 or 500', async () => {
    const sentinel = set as RedisSentinelSet
    const server = await startTestServer({ redisUrl: sentinel.url })
    try {
      expect((await server.request({ method: 'GET', url: '/healthz' })).json()).toMatchObject({ status: 'ok', redis: 'ok' })
      const before = await server.login({ openid: 'o_sentinel' })
      const me = async (token: string): Promise<number> =>
        (await server.request({ method: 'GET', url: '/api/me', headers: server.bearer(token) })).statusCode
      expect(await me(before.token)).toBe(200)

      const oldMaster = await sentinel.masterPort()
      // Replication is asynchronous: a write the replica has not received is lost in a crash, as in production.
      await sentinel.syncReplica()
      await sentinel.nodes.find((node) => node.port === oldMaster)?.crash()

      const statuses = new Map<number, number>()
      const deadline = Date.now() + 30_000
      let status = 0
      do {
        status = await me(before.token)
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50))
      } while (status !== 200 && Date.now() < deadline)

      expect(status).toBe(200)
      // The Sentinel needs a second to call the master down, so the outage is seen; it is 503s only.
      expect([...statuses.keys()].sort()).toEqual([200, 503])
      expect(await sentinel.masterPort()).not.toBe(oldMaster)

      // Writes go to the new master: a new login, its session, and the old session's logout.
      const after = await server.login({ openid: 'o_sentinel' })
      expect(after.user.id).toBe(before.user.id)
      expect(await me(after.token)).toBe(200)
      await server.request({ method: 'POST', url: '/api/auth/logout', headers: server.bearer(before.token) })
      expect(await me(before.token)).toBe(401)
      expect(await me(after.token)).toBe(200)
      expect((await server.request({ method: 'GET', url: '/healthz' })).json()).toMatchObject({ status: 'ok', redis: 'ok' })
    } finally {
      await server.close()
    }
  }, 60_000)
})

/**
 * Redis faults, end to end, on a real redis-server: a restart with persistence keeps every session, and
 * Redis being down is reported on /healthz and answered with a quick 503 that the client surfaces as a
 * typed error, with no re-login storm. Without redis-server: fails on CI, skips loudly elsewhere.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { HttpError, LoginFailedError } from 'wx-login-state'
import { requireRedisOrSkip, startRedis, type RedisServer } from '../../testkit/redisServer'
import { startHarness, type Harness } from '../../testkit/harness'
import { burst } from './helpers/burst'

const haveRedis = requireRedisOrSkip('tests/integration/redisFaults.spec.ts')

let h: Harness | undefined
let redis: RedisServer | undefined
let redisDir: string | undefined

afterEach(async () => {
  if (h) {
    await h.close()
    h.watch.assertClean()
    h = undefined
  }
  await redis?.stop()
  redis = undefined
  if (redisDir) rmSync(redisDir, { recursive: true, force: true })
  redisDir = undefined
})

async function health(harness: Harness): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${harness.url}/healthz`)
  return { status: res.status, body: await res.json() }
}

/** Resolves once /healthz answers `status`; the test's own timeout bounds it. */
async function healthBecomes(harness: Harness, status: number): Promise<void> {
  while ((await health(harness)).status !== status) await new Promise((resolve) => setTimeout(resolve, 20))
}

describe.runIf(haveRedis)('Redis faults', () => {
  it('keeps every session across a Redis restart with persistence on', async () => {
    redis = await startRedis({ persistence: true })
    h = await startHarness({ redisUrl: redis.url })
    const c = h.client()
    const before = await burst(c, 10)
    expect(before.errors).toEqual([])
    expect(before.logins).toBe(1)

    await redis.restart()
    await healthBecomes(h, 200)

    const after = await burst(c, 20)
    expect(after.errors).toEqual([])
    expect(after.logins).toBe(0)
    expect(await h.devStats()).toMatchObject({ logins: 1, sessionsAlive: 1 })
  })

  it('reports Redis down on /healthz and answers 503 that the client surfaces as a typed error, then recovers', async () => {
    // Our own data dir: stop() then keeps it, so restart() can bring the same server back.
    redisDir = mkdtempSync(join(tmpdir(), 'wxls-redis-down-'))
    redis = await startRedis({ dir: redisDir })
    h = await startHarness({ redisUrl: redis.url })
    const c = h.client()
    expect((await burst(c, 5)).errors).toEqual([])
    expect(await health(h)).toEqual({ status: 200, body: { status: 'ok', store: 'redis', redis: 'ok' } })

    await redis.stop()
    expect(await health(h)).toMatchObject({ status: 503, body: { status: 'degraded' } })

    // Requests with a session: typed 503 for every one, and no re-login (a 503 is not an expiry).
    const down = await burst(c, 20)
    expect(down.users).toEqual([])
    expect(down.logins).toBe(0)
    for (const e of down.errors) {
      expect(e).toBeInstanceOf(HttpError)
      expect(e).toMatchObject({ status: 503, body: { error: 'service_unavailable' } })
    }
    expect(c.auth.session.state.status).toBe('authenticated')

    // A new client cannot log in either, and learns why from a typed error.
    const newcomer = h.client()
    const refused = await burst(newcomer, 10)
    expect(refused.logins).toBe(1)
    expect(refused.errors).toHaveLength(10)
    for (const e of refused.errors) {
      expect(e).toBeInstanceOf(LoginFailedError)
      expect(e).toMatchObject({ reason: 'service_unavailable', status: 503 })
    }

    // Redis back (empty, no persistence): the old session is gone, so exactly one silent re-login.
    await redis.restart()
    await healthBecomes(h, 200)
    const recovered = await burst(c, 20)
    expect(recovered.errors).toEqual([])
    expect(recovered.logins).toBe(1)
  })
})

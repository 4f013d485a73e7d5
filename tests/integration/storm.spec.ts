/**
 * The storm: 1000 concurrent requests from one client while its session expires on the server in the
 * middle. Every request must be answered (0 lost) and the client must log in again exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../../testkit/harness'
import { runStorm } from '../../testkit/storm'

let h: Harness | undefined

afterEach(async () => {
  if (!h) return
  await h.close()
  h.watch.assertClean()
  h = undefined
})

describe('request storm across a session expiry', () => {
  it('answers all 1000 concurrent requests with exactly 1 re-login when the session expires halfway', async () => {
    const clock = { offsetMs: 0 }
    // 1,000 clients, all on this one loopback address here: the per-address connection cap is for real addresses.
    h = await startHarness({ logLevel: 'info', sessionIdleTtlSec: 3_600, maxConnectionsPerIp: 0, deps: { now: () => Date.now() + clock.offsetMs } })
    const expire = (): void => {
      clock.offsetMs += 3_601_000
    }
    const result = await runStorm(h, { size: 1_000, expireAfter: 500, expire })
    console.log(`[storm] ${JSON.stringify(result)}`)
    expect(result.lost).toBe(0)
    expect(result.answered).toBe(1_000)
    expect(result.relogins).toBe(1)
    // The second half met the expiry: they are the ones that were retried after the one re-login.
    expect(result.expiredAnswers).toBeGreaterThan(0)
    expect(result.serverLogins).toBe(2)
  })
})

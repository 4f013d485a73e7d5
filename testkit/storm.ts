/**
 * One storm: `size` concurrent protected requests from one logged-in client, with the session expiring
 * on the server after `expireAfter` of them were answered. The transport holds the rest back until the
 * expiry happened, so the test does not depend on how fast the machine is: all `size` are in flight in
 * the library at once, and the late ones surely reach the server after their session ended.
 */
import { createNodePlatform, type NodePlatform } from './nodePlatform'
import type { Harness } from './harness'

/** What {@link runStorm} measured. */
export interface StormResult {
  answered: number
  lost: number
  /** `wx.login` calls during the storm (the first login excluded). */
  relogins: number
  /** `401 session_expired` answers the client received and recovered from. */
  expiredAnswers: number
  /** Server-side logins, the first one included. */
  serverLogins: number
  durationMs: number
}

/** Runs one storm on a fresh client of `harness`; `expire` ends the session on the server. */
export async function runStorm(
  harness: Harness,
  options: { size: number; expireAfter: number; expire: () => void | Promise<void> },
): Promise<StormResult> {
  const base = createNodePlatform({ emulatorURL: harness.url })
  let gate: () => void = () => {}
  const gateOpen = new Promise<void>((resolve) => (gate = resolve))
  let sent = 0
  let answered = 0
  let expiredAnswers = 0
  let holding = false
  const platform: NodePlatform = {
    ...base,
    async request(req) {
      const n = holding ? ++sent : 0
      if (n > options.expireAfter && n <= options.size) await gateOpen
      return base.request(req)
    },
  }
  const client = harness.client({
    platform,
    afterResponse: [
      async ({ response }) => {
        if (response.status === 401) expiredAnswers++
        if (!holding || response.status !== 200) return
        if (++answered === options.expireAfter) {
          await options.expire()
          gate()
        }
      },
    ],
  })
  await client.auth.session.login()
  const loginsBefore = base.counts.login
  holding = true
  const started = performance.now()
  const settled = await Promise.allSettled(Array.from({ length: options.size }, () => client.auth.account.me()))
  const durationMs = performance.now() - started
  holding = false
  const stats = await harness.devStats()
  const ok = settled.filter((s) => s.status === 'fulfilled').length
  return {
    answered: ok,
    lost: options.size - ok,
    relogins: base.counts.login - loginsBefore,
    expiredAnswers,
    serverLogins: stats.logins,
    durationMs,
  }
}

import { startServer } from '../../server/testing/startServer'
import { createNodePlatform } from '../../testkit/nodePlatform'
import type { RoundTripBackend } from './roundTripBackend'

/** Beyond the server's default absolute session lifetime (30 days). */
const PAST_EXPIRY_MS = 31 * 24 * 3_600_000

/**
 * The real reference server (memory store) with the WeChat emulator mounted in-process, and one
 * Node platform per device (fetch on loopback, `wx.login` via `/__emulator/login-code`). Server and
 * devices read one shifted clock, so "time passes" expires sessions on both sides at once. The login
 * rate limit is lifted: the baselines' many logins are the figure under test, not the limiter's. So is
 * the per-address connection cap: the N devices of a burst all dial from 127.0.0.1, where real phones
 * would come from N addresses (N = 1000 opens more sockets than the cap's 256).
 */
export async function serverRoundTripBackend(): Promise<RoundTripBackend> {
  const clock = { shiftMs: 0 }
  const now = () => Date.now() + clock.shiftMs
  const server = await startServer({ loginRateLimit: 1_000_000_000, maxConnectionsPerIp: 0, deps: { now } })
  return {
    name: 'reference server + emulator',
    baseURL: server.url,
    newDevice() {
      const platform = createNodePlatform({ emulatorURL: server.url })
      platform.now = now
      return {
        platform,
        passTime: async () => {
          clock.shiftMs += PAST_EXPIRY_MS
        },
        dropServerSessions: async () => {
          const res = await fetch(`${server.url}/__dev/sessions`, { method: 'DELETE' })
          if (res.status !== 204) throw new Error(`DELETE /__dev/sessions answered ${res.status}`)
        },
      }
    },
    close: () => server.close(),
  }
}

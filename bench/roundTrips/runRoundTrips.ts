import { countingPlatform, type CallCounts } from '../../testkit/countingPlatform'
import type { ClientStrategy } from './clientStrategy'
import type { RoundTripBackend } from './roundTripBackend'

/** The session states of the round-trip bench. */
export type SessionScenario = 'valid' | 'expired-known' | 'expired-server' | 'cold'

export const SCENARIOS: readonly SessionScenario[] = ['valid', 'expired-known', 'expired-server', 'cold']

/** What the tables say about each scenario. */
export const SCENARIO_LABELS: Readonly<Record<SessionScenario, string>> = {
  valid: 'session valid (warm launch)',
  'expired-known': 'session expired, client knows (past expiresAt)',
  'expired-server': 'session expired on the server only (idle TTL / restart)',
  cold: 'cold first launch (no session)',
}

/** The figures of one measured run: N concurrent protected requests on a freshly launched client. */
export interface RoundTripRun extends CallCounts {
  failures: number
  wallMs: number
}

/**
 * Runs one scenario once: a new device; unless cold, a first client logs in (not counted) and the
 * session is moved into `scenario`; then a fresh client launches on that storage, as an app does,
 * and sends `n` concurrent protected requests. Counts only the measured client's calls.
 */
export async function runRoundTrip(
  backend: RoundTripBackend,
  strategy: ClientStrategy,
  scenario: SessionScenario,
  n: number,
): Promise<RoundTripRun> {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`runRoundTrip(): n must be a positive integer, got ${String(n)}`)
  const device = backend.newDevice()
  if (scenario !== 'cold') {
    await strategy.create(device.platform, backend.baseURL, backend.target).request()
    if (scenario === 'expired-known') await device.passTime()
    if (scenario === 'expired-server') await device.dropServerSessions()
  }
  const counting = countingPlatform(device.platform, backend.classify)
  const client = strategy.create(counting.platform, backend.baseURL, backend.target)
  const started = performance.now()
  const results = await Promise.allSettled(Array.from({ length: n }, () => client.request()))
  const wallMs = performance.now() - started
  const failures = results.filter((r) => r.status === 'rejected').length
  return { ...counting.counts(), failures, wallMs }
}

import type { RoundTripRun, SessionScenario } from './runRoundTrips'

/** Our client's targets for one scenario and N, and whether every repeat met them. */
export interface TargetVerdict {
  /** E.g. `1 login · 100 business · 0 failures`. */
  target: string
  holds: boolean
  /** What missed, for the notes; empty when it holds. */
  misses: string[]
}

/**
 * Holds our client's runs to the targets: exactly one `wx.login` and one login call whenever
 * a login is needed (none otherwise); N business calls when the expiry is known locally (valid,
 * known expiry, cold launch) and at most 2N when only the server knows; no failures; and on a warm
 * launch no network call before the first business request. Every run must meet them, not the median.
 */
export function evaluateOurRuns(scenario: SessionScenario, n: number, runs: readonly RoundTripRun[], repairsBy: 'login' | 'refresh' = 'login'): TargetVerdict {
  if (runs.length === 0) throw new RangeError('evaluateOurRuns(): no runs')
  // A backend with refresh tokens repairs an expired session with one refresh and no login at all.
  const refreshes = repairsBy === 'refresh' && (scenario === 'expired-known' || scenario === 'expired-server') ? 1 : 0
  const logins = scenario === 'valid' || refreshes === 1 ? 0 : 1
  const businessLimit = scenario === 'expired-server' ? 2 * n : n
  const businessText = scenario === 'expired-server' ? `≤ ${2 * n} business` : `${n} business`
  const parts = [refreshes === 1 ? '1 refresh · 0 logins' : `${logins} login${logins === 1 ? '' : 's'}`, businessText, '0 failures']
  if (scenario === 'valid') parts.push('0 calls before 1st')
  const misses: string[] = []
  for (const [i, run] of runs.entries()) {
    const at = runs.length > 1 ? ` (repeat ${i + 1})` : ''
    if (run.wxLogin !== logins || run.login !== logins) misses.push(`${run.wxLogin} wx.login / ${run.login} login calls instead of ${logins}${at}`)
    if (run.refresh !== refreshes) misses.push(`${run.refresh} refresh calls instead of ${refreshes}${at}`)
    const businessOk = scenario === 'expired-server' ? run.business <= businessLimit && run.business >= n : run.business === n
    if (!businessOk) misses.push(`${run.business} business calls, target ${businessText}${at}`)
    if (run.failures !== 0) misses.push(`${run.failures} failures${at}`)
    if (scenario === 'valid' && run.beforeFirstBusiness !== 0) misses.push(`${run.beforeFirstBusiness} calls before the first business call${at}`)
  }
  return { target: parts.join(' · '), holds: misses.length === 0, misses }
}

import type { ClientStrategy } from '../roundTrips/clientStrategy'
import { evaluateOurRuns } from '../roundTrips/roundTripTargets'
import { SCENARIO_LABELS, SCENARIOS, type RoundTripRun, type SessionScenario } from '../roundTrips/runRoundTrips'
import { verdict, type Table } from '../support/markdownTable'
import { formatNumber, median } from '../support/stats'

/** Every run of one backend: `runs.get(scenario)?.get(strategy.name)?.get(n)` holds the repeats. */
export type RoundTripRuns = Map<SessionScenario, Map<string, Map<number, RoundTripRun[]>>>

const med = (runs: readonly RoundTripRun[], pick: (r: RoundTripRun) => number): string => formatNumber(median(runs.map(pick)), 1)

/**
 * One table per scenario: every strategy at every N, medians over the repeats, and for each of our
 * ways in (`ours`: the library's client, the interceptor, the two adapters) the targets with their
 * verdict (held only if every repeat met them).
 */
export function roundTripTables(
  backendName: string,
  strategies: readonly ClientStrategy[],
  ours: readonly ClientStrategy[],
  runs: RoundTripRuns,
  repairsBy: 'login' | 'refresh' = 'login',
): Table[] {
  return SCENARIOS.map((scenario) => {
    const rows: string[][] = []
    const notes: string[] = []
    const byStrategy = runs.get(scenario)
    for (const strategy of strategies) {
      for (const [n, repeats] of byStrategy?.get(strategy.name) ?? []) {
        let target = '—'
        let holds = '—'
        if (ours.includes(strategy)) {
          const v = evaluateOurRuns(scenario, n, repeats, repairsBy)
          target = v.target
          holds = verdict(v.holds)
          for (const miss of v.misses) notes.push(`✖ ${strategy.name}, N = ${n}: ${miss}.`)
        }
        rows.push([
          strategy.name,
          String(n),
          med(repeats, (r) => r.wxLogin),
          med(repeats, (r) => r.login),
          med(repeats, (r) => r.refresh),
          med(repeats, (r) => r.business),
          med(repeats, (r) => r.failures),
          med(repeats, (r) => r.beforeFirstBusiness),
          formatNumber(median(repeats.map((r) => r.wallMs)), 2),
          target,
          holds,
        ])
      }
    }
    return {
      title: `Round trips, ${backendName}: ${SCENARIO_LABELS[scenario]}`,
      headers: ['client', 'N', 'uni.login', 'login calls', 'refresh calls', 'business calls', 'failures', 'calls before 1st business', 'wall ms', 'target (ours)', 'verdict'],
      rows,
      notes,
    }
  })
}

/**
 * Case budgets for the property-based suites. `FUZZ_RUNS` is the total number of cases a suite runs
 * (default 1000, the CI budget); each property takes its share by weight, so the soak reuses the very
 * same properties with `FUZZ_RUNS=50000` instead of keeping a second copy of them.
 */
import { appendFileSync } from 'node:fs'

/** The CI budget per suite, used when `FUZZ_RUNS` is unset. */
export const DEFAULT_FUZZ_RUNS = 1000

/** The total case budget of one suite, from `FUZZ_RUNS`; a bad value fails loudly instead of running zero cases. */
export function totalFuzzRuns(): number {
  const raw = process.env['FUZZ_RUNS']
  if (raw === undefined || raw === '') return DEFAULT_FUZZ_RUNS
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1) throw new Error(`FUZZ_RUNS must be a positive integer, got "${raw}"`)
  return n
}

/**
 * Splits the suite's budget across properties by weight and returns each property's run count, so
 * the counts always add up to the total that the docs report.
 */
export function splitRuns<K extends string>(weights: Record<K, number>, total = totalFuzzRuns()): Record<K, number> {
  const keys = Object.keys(weights) as K[]
  const sum = keys.reduce((s, k) => s + weights[k], 0)
  const runs = {} as Record<K, number>
  let given = 0
  keys.forEach((k, i) => {
    const share = i === keys.length - 1 ? total - given : Math.max(1, Math.floor((total * weights[k]) / sum))
    runs[k] = share
    given += share
  })
  return runs
}

/** Counts of cases actually run, per suite and property, printed at the end and collected by the soak. */
export interface FuzzTally {
  record(property: string, cases: number): void
  /** Prints the tally and, when `FUZZ_REPORT` names a file, appends it there as one JSON line. */
  flush(): void
}

/** Creates a {@link FuzzTally} for `suite`. */
export function createFuzzTally(suite: string): FuzzTally {
  const counts = new Map<string, number>()
  return {
    record(property, cases) {
      counts.set(property, (counts.get(property) ?? 0) + cases)
    },
    flush() {
      const total = [...counts.values()].reduce((s, n) => s + n, 0)
      const lines = [...counts].map(([p, n]) => `  ${String(n).padStart(7)}  ${p}`)
      console.log(`[fuzz] ${suite}: ${total} cases\n${lines.join('\n')}`)
      const file = process.env['FUZZ_REPORT']
      if (file) appendFileSync(file, `${JSON.stringify({ suite, total, properties: Object.fromEntries(counts) })}\n`)
    },
  }
}

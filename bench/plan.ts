import type { OverheadPlan } from './overhead/runOverhead'
import type { ThroughputPlan } from './server/runThroughput'

/** Every size of one bench run. */
export interface BenchPlan {
  quick: boolean
  roundTrips: { sizes: readonly number[]; repeats: number }
  overhead: OverheadPlan
  throughput: ThroughputPlan
}

/** The full bench: every size of the targets; about 20 minutes on a 2-core machine (the N = 1000 bursts through alova take the most). */
export const FULL_PLAN: BenchPlan = {
  quick: false,
  roundTrips: { sizes: [1, 10, 100, 1000], repeats: 5 },
  overhead: { sequential: 100_000, concurrentTotal: 10_000, concurrency: 100, repeats: 7 },
  throughput: { durationSec: 3, repeats: 5, connections: 50, logins: 5_000, leakRequests: 1_000_000, trafficRequests: 200, memoryUsers: 10_000 },
}

/** `BENCH_QUICK=1`: the same code paths at smoke-test sizes, well under a minute plus the builds. */
export const QUICK_PLAN: BenchPlan = {
  quick: true,
  roundTrips: { sizes: [1, 10, 100], repeats: 1 },
  overhead: { sequential: 10_000, concurrentTotal: 1_000, concurrency: 100, repeats: 2 },
  throughput: { durationSec: 1, repeats: 1, connections: 20, logins: 300, leakRequests: 20_000, trafficRequests: 20, memoryUsers: 500 },
}

/** The bench sections; `BENCH_ONLY=roundtrips,overhead` runs a subset. */
export const SECTIONS = ['roundtrips', 'overhead', 'bundle', 'package', 'server'] as const
export type Section = (typeof SECTIONS)[number]

/**
 * Reads `BENCH_ONLY` (a comma list of {@link SECTIONS}; unset = all). Throws a `TypeError` naming the
 * unknown section, so a typo cannot silently run nothing.
 */
export function parseSections(value: string | undefined): Section[] {
  if (value === undefined || value.trim() === '') return [...SECTIONS]
  return value.split(',').map((raw) => {
    const name = raw.trim().toLowerCase()
    if (!(SECTIONS as readonly string[]).includes(name)) {
      throw new TypeError(`BENCH_ONLY: unknown section "${raw.trim()}"; use a comma list of ${SECTIONS.join(', ')}`)
    }
    return name as Section
  })
}

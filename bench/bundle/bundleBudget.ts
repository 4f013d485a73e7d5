import type { ByteSize } from './measureBundle'

/** The recorded library size that CI holds the build to (bench/bundle-budget.json). */
export interface BundleBudget {
  /** Bytes of the library's files (`packages/wx-login-state/src/**`) in the demo app's `build:mp-weixin` output. */
  rawBytes: number
  gzipBytes: number
  /** The allowed growth over the recorded figure, as a fraction (0.1 = 10%). */
  maxGrowth: number
  recordedAt: string
}

/** The verdict of one budget check. */
export interface BudgetVerdict {
  ok: boolean
  /** One line per measure, e.g. `raw 18,000 B of 19,800 B allowed (recorded 18,000 B, +0.0%)`. */
  lines: string[]
}

/**
 * Parses bench/bundle-budget.json. Throws a `TypeError` naming the bad field, so that a hand-edited
 * budget that lost a number cannot pass every build.
 */
export function parseBudget(data: unknown): BundleBudget {
  if (typeof data !== 'object' || data === null) throw new TypeError('bundle budget: not a JSON object')
  const record = data as Record<string, unknown>
  const positive = (key: string): number => {
    const v = record[key]
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new TypeError(`bundle budget: ${key} must be a positive number`)
    return v
  }
  const recordedAt = record.recordedAt
  if (typeof recordedAt !== 'string') throw new TypeError('bundle budget: recordedAt must be a string')
  return { rawBytes: positive('rawBytes'), gzipBytes: positive('gzipBytes'), maxGrowth: positive('maxGrowth'), recordedAt }
}

/**
 * Holds `measured` to `budget`: both raw and gzip must stay within the recorded figure plus
 * `maxGrowth`. A measurement without any library file fails too: it means the build did not emit
 * the library where the budget looks for it, and a zero must not pass as "smaller".
 */
export function checkBudget(measured: ByteSize, budget: BundleBudget): BudgetVerdict {
  if (measured.files === 0) {
    return { ok: false, lines: ['no library file (packages/wx-login-state/src/**) in the build output: is it a build of the demo app?'] }
  }
  const lines: string[] = []
  let ok = true
  for (const [name, now, recorded] of [
    ['raw', measured.raw, budget.rawBytes],
    ['gzip', measured.gzip, budget.gzipBytes],
  ] as const) {
    const allowed = Math.floor(recorded * (1 + budget.maxGrowth))
    const growth = ((now - recorded) / recorded) * 100
    const holds = now <= allowed
    ok &&= holds
    lines.push(
      `${holds ? '✔' : '✖'} ${name} ${now.toLocaleString('en-US')} B of ${allowed.toLocaleString('en-US')} B allowed ` +
        `(recorded ${recorded.toLocaleString('en-US')} B, ${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%)`,
    )
  }
  return { ok, lines }
}

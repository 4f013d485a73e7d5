/**
 * Order statistics for bench figures. Machines are noisy, so the bench reports medians over repeated
 * runs and percentiles of latency samples rather than means.
 */

/** The median of `values`; the mean of the two middle values for an even count. Throws on an empty list. */
export function median(values: readonly number[]): number {
  return percentile(values, 50)
}

/**
 * The `p`-th percentile of `values` (0–100) by linear interpolation between the closest ranks, the
 * definition most spreadsheets use. Throws a `RangeError` on an empty list or a `p` out of range, so
 * a bench that measured nothing fails loudly instead of printing `NaN`.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile() of an empty list')
  if (!Number.isFinite(p) || p < 0 || p > 100) throw new RangeError(`percentile(): p must be within 0..100, got ${String(p)}`)
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (p / 100) * (sorted.length - 1)
  const lo = Math.floor(rank)
  const hi = Math.ceil(rank)
  const a = sorted[lo] as number
  const b = sorted[hi] as number
  return a + (b - a) * (rank - lo)
}

/** Formats `value` with at most `digits` decimals and thousands separators, for tables. */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value)
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
}

/** Formats a byte count for a table: `512 B`, `12.1 KiB`, `25.6 MiB` (negative counts keep their sign). */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes)
  if (abs < 1024) return `${formatNumber(bytes)} B`
  if (abs < 1024 * 1024) return `${formatNumber(bytes / 1024, 1)} KiB`
  return `${formatNumber(bytes / 1024 / 1024, 1)} MiB`
}

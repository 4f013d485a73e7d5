/** A clock the test moves by hand. */
export interface ManualClock {
  now: () => number
  advance: (ms: number) => void
}

/** A manual clock starting at a fixed instant, so expiries and watermarks are predictable. */
export function manualClock(start = 1_763_700_000_000): ManualClock {
  let current = start
  return { now: () => current, advance: (ms) => void (current += ms) }
}

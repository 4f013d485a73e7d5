import { ERROR_PREFIX } from '../errors'

/**
 * A manual clock for tests: time moves only when `advance` is called, and timers due by then fire in
 * order. It lets tests cover expiry and timeouts without sleeping.
 */
export interface FakeClock {
  now(): number
  /** Moves time forward by `ms` and fires every timer that became due, earliest first. */
  advance(ms: number): void
  /** Runs `fn` once the clock reaches `at`; returns a function that cancels the timer. */
  at(at: number, fn: () => void): () => void
  /** How many timers are waiting. */
  readonly pendingTimers: number
}

interface Timer {
  at: number
  seq: number
  fn: () => void
}

/**
 * Creates a {@link FakeClock} starting at `start` milliseconds since the epoch (default: a fixed date,
 * so that test output does not depend on the day it runs).
 */
export function createFakeClock(start = Date.UTC(2025, 0, 1)): FakeClock {
  let current = start
  let seq = 0
  const timers: Timer[] = []

  return {
    now: () => current,
    get pendingTimers() {
      return timers.length
    },
    at(at, fn) {
      const timer: Timer = { at, seq: seq++, fn }
      timers.push(timer)
      return () => {
        const i = timers.indexOf(timer)
        if (i >= 0) timers.splice(i, 1)
      }
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`${ERROR_PREFIX} clock.advance(ms) needs a finite ms >= 0, got ${String(ms)}`)
      }
      const target = current + ms
      // Fire one timer at a time: a timer may register another one that is also due.
      for (;;) {
        let next: Timer | undefined
        for (const t of timers) {
          if (t.at <= target && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t
        }
        if (!next) break
        timers.splice(timers.indexOf(next), 1)
        current = Math.max(current, next.at)
        next.fn()
      }
      current = target
    },
  }
}

import { setTimeout as sleepFor } from 'node:timers/promises'

/**
 * Waits `ms` milliseconds or until `signal` aborts (then it may resolve or reject; both mean "stop waiting").
 * Injected so tests can hold a delayed request open and release it on cue instead of sleeping.
 */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>

/** The default {@link Sleep}: a real timer that is cleared on abort. */
export const timerSleep: Sleep = (ms, signal) => sleepFor(ms, undefined, { signal })

/** How a stall ended: its time ran out, or it was cut short (client gone or app closing). */
export type StallOutcome = 'elapsed' | 'aborted'

/**
 * Tracks requests the emulator is deliberately holding (injected delays and hangs), so that closing the app
 * releases every one of them and nothing leaks into the next test.
 */
export class StallRegistry {
  private readonly closing = new AbortController()
  private count = 0

  constructor(private readonly sleep: Sleep) {}

  /**
   * Holds the caller for `ms` milliseconds, or forever when `ms` is `Infinity`, until `clientGone` aborts or
   * {@link releaseAll} runs.
   */
  async stall(ms: number, clientGone: AbortSignal): Promise<StallOutcome> {
    const signal = AbortSignal.any([this.closing.signal, clientGone])
    if (signal.aborted) return 'aborted'
    this.count += 1
    try {
      if (Number.isFinite(ms)) {
        await this.sleep(ms, signal).catch(() => undefined)
      } else {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
      }
    } finally {
      this.count -= 1
    }
    return signal.aborted ? 'aborted' : 'elapsed'
  }

  /** Cuts every stall short; later stalls end at once, as the app is going away. */
  releaseAll(): void {
    this.closing.abort()
  }

  /** Requests currently held. */
  get pending(): number {
    return this.count
  }
}

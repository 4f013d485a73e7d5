import type { CancelSignal } from '../platform/types'

/** A cancel signal plus the function that fires it; see {@link createCancelSource}. */
export interface CancelSource {
  readonly signal: CancelSignal
  /** Fires the signal once; later calls do nothing. */
  cancel(): void
}

/**
 * Creates a cancellation source for `request`/`upload`. Mini-program runtimes have no
 * `AbortController`, so the library carries this small equivalent: pass `signal` as the request's
 * `cancel` option and call `cancel()` to abort it; the request rejects with a `CancelledError`.
 */
export function createCancelSource(): CancelSource {
  let cancelled = false
  const listeners = new Set<() => void>()
  const signal: CancelSignal = {
    get cancelled() {
      return cancelled
    },
    onCancel(fn) {
      if (cancelled) {
        fn()
        return () => {}
      }
      // Wrapped so that registering the same function twice gives two independent registrations.
      const entry = () => fn()
      listeners.add(entry)
      return () => {
        listeners.delete(entry)
      }
    },
  }
  return {
    signal,
    cancel() {
      if (cancelled) return
      cancelled = true
      const pending = [...listeners]
      listeners.clear()
      for (const fn of pending) fn()
    },
  }
}

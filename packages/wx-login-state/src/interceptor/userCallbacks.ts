import type { InterceptedCall, InterceptedFailure, InterceptedSuccess } from '../platform/types'

/** The app's callbacks of one call, taken off its options so that only this module calls them. */
export interface UserCallbacks {
  /** Calls `success` then `complete`, once; later deliveries of either kind are ignored. */
  succeed(result: InterceptedSuccess): void
  /** Calls `fail` then `complete`, once; later deliveries of either kind are ignored. */
  fail(result: InterceptedFailure): void
  readonly settled: boolean
}

/**
 * Removes `success`, `fail` and `complete` from `call` and returns the one place that may call them.
 * In promise style they are the runtime's resolve/reject, so the same code settles both styles. A
 * callback that throws does not stop `complete`; its error is rethrown asynchronously, as uni does.
 */
export function takeCallbacks(call: InterceptedCall): UserCallbacks {
  const { success, fail, complete } = call
  delete call.success
  delete call.fail
  delete call.complete
  let settled = false
  const run = <R>(fn: ((result: R) => void) | undefined, result: R) => {
    if (typeof fn !== 'function') return
    try {
      fn(result)
    } catch (error) {
      void Promise.reject(error)
    }
  }
  return {
    get settled() {
      return settled
    },
    succeed(result) {
      if (settled) return
      settled = true
      run(success, result)
      run(complete, result)
    },
    fail(result) {
      if (settled) return
      settled = true
      run(fail, result)
      run(complete, result)
    },
  }
}

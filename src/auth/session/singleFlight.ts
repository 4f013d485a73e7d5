/**
 * Shares one in-flight run of an async task among all concurrent callers: while a run is pending,
 * `run()` returns the same promise; once it settles, the next `run()` starts a new one.
 */
export interface SingleFlight<T> {
  run(): Promise<T>
  /** The pending run, if any. */
  readonly current: Promise<T> | null
}

/** Creates a {@link SingleFlight} around `task`. */
export function createSingleFlight<T>(task: () => Promise<T>): SingleFlight<T> {
  let current: Promise<T> | null = null
  return {
    get current() {
      return current
    },
    run() {
      if (current) return current
      const p = Promise.resolve()
        .then(task)
        .finally(() => {
          if (current === p) current = null
        })
      current = p
      return p
    },
  }
}

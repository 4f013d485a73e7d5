import type { InterceptedTask } from '../platform/types'

type Listener = (value: unknown) => void
type ListenerMethod = 'onProgressUpdate' | 'offProgressUpdate' | 'onHeadersReceived' | 'offHeadersReceived'

/** A task handed to the app before the real one exists, and the controls to connect it later. */
export interface DeferredTask {
  readonly task: InterceptedTask
  /** Connects the real task of the attempt now running: replays listeners, forwards an abort. */
  attach(real: InterceptedTask | undefined): void
  /** The running attempt has settled: an abort from now until the next attempt runs `onAbort`. */
  detach(): void
  readonly aborted: boolean
}

const METHODS: readonly ListenerMethod[] = ['onProgressUpdate', 'offProgressUpdate', 'onHeadersReceived', 'offHeadersReceived']

/**
 * Creates a stand-in for a request/upload task. A call that has to wait for the session is stopped
 * and sent later, so uni returns no task for it; request libraries still call `abort()` and
 * `onProgressUpdate()` on what `uni.request`/`uni.uploadFile` returned (alova's uni adapter does for
 * uploads). The stand-in records those calls and replays them on each real attempt's task.
 * `onAbort` runs when the app aborts while no attempt is running: before the first, or between an
 * attempt answered as expired and its retry (while the re-login runs).
 */
export function createDeferredTask(onAbort: () => void): DeferredTask {
  const calls: Array<{ method: ListenerMethod; listener: Listener | undefined }> = []
  let real: InterceptedTask | undefined
  let aborted = false
  const task: InterceptedTask = {
    abort() {
      if (aborted) return
      aborted = true
      if (real) real.abort()
      else onAbort()
    },
  }
  for (const method of METHODS) {
    task[method] = (listener?: Listener) => {
      calls.push({ method, listener })
      const fn = real?.[method] as ((l?: Listener) => void) | undefined
      fn?.call(real, listener)
    }
  }
  return {
    task,
    get aborted() {
      return aborted
    },
    attach(next) {
      real = next
      if (!next) return
      for (const { method, listener } of calls) (next[method] as ((l?: Listener) => void) | undefined)?.call(next, listener)
      if (aborted) next.abort()
    },
    detach() {
      real = undefined
    },
  }
}

import type { WxApiName } from './emulatorStats'

/** Which API a fault targets: one of the WeChat APIs, or `'*'` for whichever is called next. */
export type FaultTarget = WxApiName | '*'

/** What to inject. At least one of `errcode`, `delayMs` or `hang` must be set; `hang` excludes `errcode`. */
export interface FaultSpec {
  api: FaultTarget
  /** Answer this errcode (HTTP 200, like WeChat) instead of doing the work. */
  errcode?: number
  /** Overrides the errmsg sent with `errcode`; by default WeChat's own wording for that code. */
  errmsg?: string
  /** Wait this long before answering (or before answering `errcode`). */
  delayMs?: number
  /** Never answer; the request is dropped when the client gives up or the app closes. */
  hang?: boolean
  /** How many matching requests it affects before clearing itself; default 1. */
  times?: number
}

/** A queued fault, as listed by `GET /__emulator/faults`. */
export interface Fault {
  id: number
  api: FaultTarget
  errcode?: number
  errmsg?: string
  delayMs?: number
  hang: boolean
  /** Requests it will still affect. */
  remaining: number
}

/**
 * Faults waiting to be applied, first in first out. Each WeChat request takes the oldest fault that targets its API
 * (or `'*'`), and a fault leaves the queue once it has affected `times` requests.
 */
export class FaultQueue {
  private queue: Fault[] = []
  private nextId = 1

  /** Queues a fault and returns it. */
  add(spec: FaultSpec): Fault {
    const fault: Fault = {
      id: this.nextId++,
      api: spec.api,
      hang: spec.hang ?? false,
      remaining: spec.times ?? 1,
      ...(spec.errcode === undefined ? {} : { errcode: spec.errcode }),
      ...(spec.errmsg === undefined ? {} : { errmsg: spec.errmsg }),
      ...(spec.delayMs === undefined ? {} : { delayMs: spec.delayMs }),
    }
    this.queue.push(fault)
    return { ...fault }
  }

  /** Takes one use of the oldest fault for `api`, or returns undefined when none is pending. */
  take(api: WxApiName): Fault | undefined {
    const index = this.queue.findIndex((fault) => fault.api === api || fault.api === '*')
    if (index < 0) return undefined
    const fault = this.queue[index]
    if (fault === undefined) return undefined
    fault.remaining -= 1
    if (fault.remaining <= 0) this.queue.splice(index, 1)
    return { ...fault }
  }

  /** The pending faults, oldest first (copies). */
  list(): Fault[] {
    return this.queue.map((fault) => ({ ...fault }))
  }

  /** Drops every pending fault. */
  clear(): void {
    this.queue = []
  }
}

import type { FastifyBaseLogger } from 'fastify'

/** Options of {@link OutageLog}. */
export interface OutageLogOptions {
  log: FastifyBaseLogger
  /** What is down, as the log lines name it (`Redis`). */
  what: string
  now?: () => number
  /**
   * Asks the dependency whether it answers again; while an outage is counted it is tried every `probeEveryMs`, and
   * the first success ends the outage. Without it only {@link OutageLog.recovered} does.
   */
  probe?: () => Promise<unknown>
  /** How often the probe runs during an outage (default 1 s). */
  probeEveryMs?: number
}

/**
 * Logs a dependency outage once, not once per failed request: the first failure writes one warn line (the error's
 * message, no stack), later ones are only counted, and {@link OutageLog.recovered} writes one info line with the
 * count and the duration. A 4 s Redis outage under load used to write thousands of warn lines with full stacks.
 *
 * NOTE: a reconnect is not the only way back. After a stall (a paused or overloaded Redis whose connection never
 * dropped) there is no reconnect, so the outage never ended and the next real one wrote no warn line; the probe
 * ends it as soon as the dependency answers.
 */
export class OutageLog {
  private since: number | undefined
  private failures = 0
  private readonly now: () => number
  private probeTimer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(private readonly options: OutageLogOptions) {
    this.now = options.now ?? Date.now
  }

  /** Records one failure; only the first of an outage is logged. */
  failure(error: unknown, context: Record<string, unknown> = {}): void {
    this.failures++
    if (this.since !== undefined) return
    this.since = this.now()
    const message = error instanceof Error ? error.message : String(error)
    this.options.log.warn({ ...context, cause: message }, `${this.options.what} is unavailable; further failures are counted until it recovers`)
    this.scheduleProbe()
  }

  /** Ends the outage, if there was one, with a summary line. */
  recovered(): void {
    if (this.since === undefined) return
    const seconds = Math.round((this.now() - this.since) / 100) / 10
    this.options.log.info({ failures: this.failures, seconds }, `${this.options.what} is available again`)
    this.since = undefined
    this.failures = 0
    clearTimeout(this.probeTimer)
    this.probeTimer = undefined
  }

  /** Stops probing for good (the app is closing). */
  stop(): void {
    this.stopped = true
    clearTimeout(this.probeTimer)
    this.probeTimer = undefined
  }

  private scheduleProbe(): void {
    const { probe } = this.options
    if (probe === undefined || this.stopped || this.probeTimer !== undefined) return
    this.probeTimer = setTimeout(() => {
      probe().then(
        () => {
          this.probeTimer = undefined
          this.recovered()
        },
        () => {
          this.probeTimer = undefined
          if (this.down) this.scheduleProbe()
        },
      )
    }, this.options.probeEveryMs ?? 1000)
    // A pending probe must not keep the process alive.
    this.probeTimer.unref()
  }

  /** True while an outage is being counted. */
  get down(): boolean {
    return this.since !== undefined
  }
}

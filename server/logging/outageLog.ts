import type { FastifyBaseLogger } from 'fastify'

/** Options of {@link OutageLog}. */
export interface OutageLogOptions {
  log: FastifyBaseLogger
  /** What is down, as the log lines name it (`Redis`). */
  what: string
  now?: () => number
}

/**
 * Logs a dependency outage once, not once per failed request: the first failure writes one warn line (the error's
 * message, no stack), later ones are only counted, and {@link OutageLog.recovered} writes one info line with the
 * count and the duration. A 4 s Redis outage under load used to write thousands of warn lines with full stacks.
 */
export class OutageLog {
  private since: number | undefined
  private failures = 0
  private readonly now: () => number

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
  }

  /** Ends the outage, if there was one, with a summary line. */
  recovered(): void {
    if (this.since === undefined) return
    const seconds = Math.round((this.now() - this.since) / 100) / 10
    this.options.log.info({ failures: this.failures, seconds }, `${this.options.what} is available again`)
    this.since = undefined
    this.failures = 0
  }

  /** True while an outage is being counted. */
  get down(): boolean {
    return this.since !== undefined
  }
}

import type { FastifyBaseLogger } from 'fastify'
import type { Bindings, ChildLoggerOptions, Level } from 'pino'

/** The parent {@link LazyChildLogger} needs: Fastify's logger plus pino's level check. */
export type LevelCheckingLogger = FastifyBaseLogger & { isLevelEnabled(level: string): boolean }

/**
 * A request's logger (`request.log`) that creates its pino child only when a line is written at an enabled level.
 * Fastify makes a child per request (`{ reqId }`); with the server's redaction (field paths with leading
 * wildcards) pino's child creation runs the redactor over the bindings and costs about 12 µs, more than half of
 * what a no-op request costs otherwise, also with logs off, while most requests never log through it (the access
 * line has its own logger). Lines written through it are exactly those of `parent.child(bindings, options)`.
 */
export class LazyChildLogger implements FastifyBaseLogger {
  private real: FastifyBaseLogger | undefined

  constructor(
    private readonly parent: LevelCheckingLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private resolve(): FastifyBaseLogger {
    this.real ??= this.parent.child(this.bindings, this.options)
    return this.real
  }

  private write(level: Level, args: unknown[]): void {
    if (this.real === undefined && typeof this.parent.isLevelEnabled === 'function' && !this.parent.isLevelEnabled(level)) return
    ;(this.resolve()[level] as (...line: unknown[]) => void)(...args)
  }

  get level(): string {
    return this.real?.level ?? this.parent.level
  }

  set level(level: string) {
    this.resolve().level = level
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args)
  }

  error(...args: unknown[]): void {
    this.write('error', args)
  }

  warn(...args: unknown[]): void {
    this.write('warn', args)
  }

  info(...args: unknown[]): void {
    this.write('info', args)
  }

  debug(...args: unknown[]): void {
    this.write('debug', args)
  }

  trace(...args: unknown[]): void {
    this.write('trace', args)
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.resolve().child(bindings, options)
  }
}

/** Fastify's `childLoggerFactory` that hands every request a {@link LazyChildLogger}. */
export function lazyChildLoggerFactory(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyChildLogger(logger as LevelCheckingLogger, bindings, options)
}

import { buildApp } from './app'
import { ConfigError, loadConfig } from './config'
import type { Config } from './config'
import { startMetricsServer } from './metrics/metricsServer'
import type { MetricsServer } from './metrics/metricsServer'

function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code
}

/**
 * Entry point of `npm run server`: loads and validates the config, builds the app, listens and prints the URL.
 * SIGINT/SIGTERM shut it down gracefully (`app.shutdown()`: every request gets 503 with `Connection: close` for
 * SHUTDOWN_DRAIN_MS, then the listener closes, requests in flight are answered, Redis is closed); a second signal
 * exits at once. Start-up problems end with a one-line message and exit code 1, not a stack trace.
 */
async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message)
    throw error
  }

  const app = await buildApp(config)
  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (error) {
    await app.close().catch(() => undefined)
    if (isErrno(error, 'EADDRINUSE')) fail(`Port ${config.port} is already in use on ${config.host}; set PORT to a free port.`)
    if (isErrno(error, 'EACCES')) fail(`No permission to listen on port ${config.port}; use a port above 1023.`)
    if (isErrno(error, 'EADDRNOTAVAIL')) fail(`HOST ${config.host} is not an address of this machine.`)
    throw error
  }

  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  const mode = config.wxEmulator ? 'WeChat emulator mounted' : `WeChat API ${config.wxApiBase ?? ''}`
  process.stdout.write(`Server listening on http://${shownHost}:${port} (${config.redisUrl === undefined ? 'memory' : 'redis'} store, ${mode})\n`)

  let metricsServer: MetricsServer | undefined
  if (app.ctx.metrics !== undefined && config.metricsPort !== undefined) {
    try {
      metricsServer = await startMetricsServer(app.ctx.metrics.registry, { port: config.metricsPort, host: config.metricsHost })
    } catch (error) {
      await app.close().catch(() => undefined)
      if (isErrno(error, 'EADDRINUSE')) fail(`METRICS_PORT ${config.metricsPort} is already in use on ${config.metricsHost}; set METRICS_PORT to a free port.`)
      throw error
    }
    process.stdout.write(`Metrics on ${metricsServer.url}/metrics\n`)
  }

  let closing = false
  const shutdown = (signal: string): void => {
    if (closing) process.exit(1)
    closing = true
    app.log.info({ signal }, 'shutting down')
    app.shutdown().then(
      async () => {
        await metricsServer?.close()
        // Written asynchronously like every line; pino flushes it on exit (tests/server/server.spec.ts checks).
        app.log.info({ signal }, 'shut down')
        process.exit(0)
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'error during shutdown')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  // A crash is one JSON line like any other (the stack in `err`), flushed before the exit, instead of a bare stack
  // trace on stderr that log collectors would split into lines.
  process.on('uncaughtException', (error) => {
    app.log.fatal({ err: error }, 'uncaught exception')
    process.exit(1)
  })
}

main().catch((error: unknown) => {
  fail(`Server failed to start: ${error instanceof Error ? error.message : String(error)}`)
})

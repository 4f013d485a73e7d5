import { pino, stdSerializers } from 'pino'
import type { DestinationStream, Logger } from 'pino'
import type { LogLevel } from './config'
import { redactSecrets } from './logging/redactSecrets'
import { scrubUrl } from './logging/scrubUrl'

export { redactSecrets, scrubUrl }

/** Field names whose values must never reach a log line, wherever they sit in a logged object. */
export const SECRET_FIELDS = [
  'session_key',
  'sessionKey',
  'secret',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'js_code',
  'encryptedData',
  'iv',
  'signature',
  'token',
  'authorization',
  'cookie',
] as const

function redactPaths(): string[] {
  // pino's redaction has no "any depth" wildcard, so we list the depths that occur in practice.
  const paths: string[] = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]']
  for (const field of SECRET_FIELDS) {
    paths.push(field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`)
  }
  // `code` is also the name of every error's code (ECONNREFUSED, FST_…), which we want to keep, so only the
  // places where a wx.login or phone code can sit are listed.
  paths.push('code', 'body.code', 'req.body.code', 'query.code', 'req.query.code', 'wx.code')
  return paths
}

interface LoggableRequest {
  method?: string
  url?: string
  ip?: string
  host?: string
}

/**
 * The server's log destination: stdout, written asynchronously (pino's own `sync: false` destination, which
 * coalesces the lines that arrive while a write is in flight into one write). pino flushes it synchronously on
 * `exit`, so a line logged just before `process.exit()` or an uncaught exception still reaches the output.
 */
export function createLogDestination(): DestinationStream {
  return pino.destination({ dest: 1, sync: false })
}

/**
 * Builds the server's pino logger: secrets are redacted by field name at several depths and by pattern anywhere in
 * the line, request URLs lose their query values, and request headers are not logged at all. Lines go to
 * {@link createLogDestination} unless a `stream` is given (tests pass one that captures lines). The one access line
 * per request is not written here but by `server/logging/accessLog.ts`.
 */
export function createLogger(level: LogLevel, stream: DestinationStream = createLogDestination()): Logger {
  const options = {
    level,
    redact: { paths: redactPaths(), censor: '[Redacted]' },
    serializers: {
      req(req: LoggableRequest) {
        return { method: req.method, url: scrubUrl(req.url ?? ''), host: req.host, remoteAddress: req.ip }
      },
      res(reply: { statusCode?: number }) {
        return { statusCode: reply.statusCode }
      },
      err: stdSerializers.err,
    },
    hooks: { streamWrite: redactSecrets },
  }
  return pino(options, stream)
}

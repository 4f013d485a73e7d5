import { pino, stdSerializers } from 'pino'
import type { DestinationStream, Logger } from 'pino'
import type { LogLevel } from './config'

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

/** Every query value of a logged URL; none of our endpoints needs one in a log, and some carry secrets. */
const QUERY_VALUE = /([?&][^=&#]*=)[^&#]*/g

/**
 * Values that look like a secret wherever they appear in a log line, under any field or query name: a bearer
 * credential (`Bearer …`, also URL-encoded), a token of the shape this server issues (`<12-character slot
 * tag>.<43 base64url characters>`, removed whole: the tag is the same for all of a user's tokens and would link
 * their lines), a bare 43-character secret of that shape, and a WeChat session_key (base64 of 16 bytes). Applied
 * to the serialised line, so no path list can miss one.
 */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/(Bearer(?:\s|%20|\+)+)[A-Za-z0-9._~+/=%-]+/gi, '$1[Redacted]'],
  [/(^|[^A-Za-z0-9_-])[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, '$1[Redacted]'],
  [/(^|[^A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, '$1[Redacted]'],
  [/(^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{22}==/g, '$1[Redacted]'],
]

/** Replaces every {@link SECRET_PATTERNS} match in a serialised log line. */
export function redactSecrets(line: string): string {
  let out = line
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement)
  return out
}

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

/** Removes every query-string value from a URL or path before it is logged (the names stay, for debugging). */
export function scrubUrl(url: string): string {
  return url.replace(QUERY_VALUE, '$1[Redacted]')
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

import { FormatRegistry, Type } from '@sinclair/typebox'
import type { Static } from '@sinclair/typebox'
import { parseRedisUrl } from './stores/redisUrl'

/** Log levels pino understands, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

function parsesAs(value: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol)
  } catch {
    return false
  }
}

/** The `REDIS_URL` forms of server/stores/redisUrl.ts: one node, Sentinel or Cluster. */
function isRedisUrl(value: string): boolean {
  try {
    parseRedisUrl(value)
    return true
  } catch {
    return false
  }
}

function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value
  } catch {
    return false
  }
}

/** Splits a comma list, dropping blanks. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

// Formats of the env schema. They are registered once, globally, under names private to this module.
FormatRegistry.Set('wxls-http-url', (value) => parsesAs(value, ['http:', 'https:']))
FormatRegistry.Set('wxls-redis-url', isRedisUrl)
/** An HTTP header name (RFC 9110 token characters). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
FormatRegistry.Set('wxls-header-names', (value) => commaList(value).length > 0 && commaList(value).every((name) => HEADER_NAME.test(name)))
FormatRegistry.Set('wxls-origins', (value) => value === '*' || commaList(value).every(isOrigin))
FormatRegistry.Set(
  'wxls-trust-proxy',
  (value) => /^(?:0|false|true|\d+)$/.test(value) || (commaList(value).length > 0 && commaList(value).every((e) => /^[0-9A-Fa-f.:]+(?:\/\d{1,3})?$/.test(e))),
)

/** What a person is told a variable must be; it becomes `Invalid config: NAME must be <this>, got "<value>"`. */
const must = (description: string) => ({ description })
const int = (minimum: number, description: string, maximum?: number) =>
  Type.Optional(Type.Integer({ minimum, ...(maximum === undefined ? {} : { maximum }), ...must(description) }))
const flag = (description: string) => Type.Optional(Type.Boolean(must(description)))
const text = (description: string, extra: { pattern?: string; format?: string } = {}) =>
  Type.Optional(Type.String({ minLength: 1, ...extra, ...must(description) }))

/**
 * Every environment variable the server reads, with its type and bounds; docs/server.md explains each one.
 * Integers arrive as decimal digits and flags as `0`/`1`/`true`/`false` (see {@link coerceEnvValue}); everything
 * else is validated as the string it is. Defaults that depend on other variables live in `loadConfig`.
 */
export const EnvSchema = Type.Object({
  NODE_ENV: text('a string'),
  WX_APPID: text('an appid like wx0123456789abcdef (4 to 64 letters, digits, _ or -)', { pattern: '^[A-Za-z0-9_-]{4,64}$' }),
  WX_SECRET: text('a string'),
  WX_OA_APPID: text('an appid like wx0123456789abcdef (4 to 64 letters, digits, _ or -)', { pattern: '^[A-Za-z0-9_-]{4,64}$' }),
  WX_OA_SECRET: text('a string'),
  WX_API_BASE: text('an http:// or https:// URL', { format: 'wxls-http-url' }),
  WX_EMULATOR: flag('0 or 1'),
  WX_TIMEOUT_MS: int(1, 'a positive integer (milliseconds)'),
  WX_WATERMARK_MAX_AGE: int(0, 'a non-negative integer (seconds, 0 turns the check off)'),
  REDIS_URL: text('a redis[s]://, redis[s]+sentinel:// or redis[s]+cluster:// URL', { format: 'wxls-redis-url' }),
  SESSION_IDLE_TTL: int(1, 'a positive integer (seconds)'),
  SESSION_MAX_AGE: int(1, 'a positive integer (seconds)'),
  PORT: int(0, 'a TCP port from 0 to 65535', 65_535),
  HOST: text('an address to listen on'),
  PUBLIC_URL: text('an http:// or https:// URL', { format: 'wxls-http-url' }),
  TRUST_PROXY: text('0, true, a hop count or a comma list of IPs/CIDRs', { format: 'wxls-trust-proxy' }),
  CORS_ORIGINS: text("'*' or a comma list of origins like https://example.com", { format: 'wxls-origins' }),
  CORS_ALLOWED_HEADERS: text('a comma list of header names like X-App, X-Request-Id', { format: 'wxls-header-names' }),
  UPLOAD_DIR: text('a directory'),
  UPLOAD_MAX_TOTAL_BYTES: int(1, 'a positive integer (bytes)'),
  AVATAR_RATE_LIMIT: int(1, 'a positive integer (avatar uploads per hour per user)'),
  LOGIN_RATE_LIMIT: int(1, 'a positive integer (logins per minute per IP)'),
  LOG_LEVEL: Type.Optional(Type.Union(LOG_LEVELS.map((level) => Type.Literal(level)), must(`one of ${LOG_LEVELS.join(', ')}`))),
  HEADERS_TIMEOUT_MS: int(1, 'a positive integer (milliseconds)'),
  REQUEST_TIMEOUT_MS: int(1, 'a positive integer (milliseconds)'),
  CONNECTION_TIMEOUT_MS: int(0, 'a non-negative integer (milliseconds, 0 turns it off)'),
  KEEP_ALIVE_TIMEOUT_MS: int(1, 'a positive integer (milliseconds)'),
  MAX_REQUESTS_PER_SOCKET: int(0, 'a non-negative integer (0 means no limit)'),
  MAX_CONNECTIONS: int(1, 'a positive integer (open connections)'),
  MAX_CONNECTIONS_PER_IP: int(0, 'a non-negative integer (open connections per client address, 0 turns the limit off)'),
  MAX_HEADER_BYTES: int(1024, 'an integer of at least 1024 (bytes)'),
  SHUTDOWN_DRAIN_MS: int(0, 'a non-negative integer (milliseconds)'),
  SHUTDOWN_TIMEOUT_MS: int(1, 'a positive integer (milliseconds)'),
  METRICS_PORT: int(0, 'a TCP port from 0 to 65535', 65_535),
  METRICS_HOST: text('an address to listen on'),
})

/** The parsed environment: every variable optional, each of its schema's type. */
export type Env = Static<typeof EnvSchema>

/** The names of the variables of {@link EnvSchema}, in declaration order. */
export type EnvName = keyof Env

/**
 * Turns the raw string of a variable into the type its schema expects: digits into a number for integers,
 * `0`/`1`/`true`/`false` into a boolean for flags. Anything else is returned unchanged, so the schema check
 * refuses it with the variable's own message.
 */
export function coerceEnvValue(schemaType: unknown, raw: string): unknown {
  if (schemaType === 'integer') return /^\d+$/.test(raw) ? Number(raw) : raw
  if (schemaType === 'boolean') {
    if (raw === '1' || raw === 'true') return true
    if (raw === '0' || raw === 'false') return false
  }
  return raw
}

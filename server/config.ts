import { Value } from '@sinclair/typebox/value'
import type { TSchema } from '@sinclair/typebox'
import { EnvSchema, coerceEnvValue, commaList, LOG_LEVELS } from './configSchema'
import type { Env, EnvName, LogLevel } from './configSchema'
import { DEV_APPID, DEV_OA_APPID, DEV_OA_SECRET, DEV_SECRET, isLoopbackHost } from 'wx-login-state-emulator'
import { parseRedisUrl, RedisUrlError } from './stores/redisUrl'

export { LOG_LEVELS, isLoopbackHost }
export type { LogLevel }

/** The validated server configuration; see docs/server.md for the meaning of each field. */
export interface Config {
  production: boolean
  appid: string
  secret: string
  /** The official account's appid for the web login in WeChat's browser; undefined turns web-login off. */
  oaAppid: string | undefined
  oaSecret: string | undefined
  /** WeChat API base URL; undefined means "the emulator mounted on this server" (only with wxEmulator). */
  wxApiBase: string | undefined
  wxEmulator: boolean
  redisUrl: string | undefined
  sessionIdleTtlSec: number
  sessionMaxAgeSec: number
  port: number
  host: string
  uploadDir: string
  /** Total bytes UPLOAD_DIR may hold; an upload past it is refused with 507 storage_full. */
  uploadMaxTotalBytes: number
  /** Avatar uploads per hour per user. */
  avatarRateLimit: number
  /** `'*'` allows any origin; an empty list turns CORS off. */
  corsOrigins: '*' | string[]
  /**
   * Request headers a browser may send cross-origin: `Authorization` and `Content-Type` (the contract's), then the
   * extra ones of CORS_ALLOWED_HEADERS (an app's own, such as `X-App`), without duplicates.
   */
  corsAllowedHeaders: string[]
  /** Origin of absolute avatar URLs; required in production. Unset: the address the server listens on. */
  publicUrl: string | undefined
  watermarkMaxAgeSec: number
  wxTimeoutMs: number
  loginRateLimit: number
  logLevel: LogLevel
  /** Fastify's trustProxy: false, true (trust every hop; refused in production), a hop count, or addresses/CIDRs. */
  trustProxy: boolean | number | string[]
  /** Node's headersTimeout: the request line and headers must arrive within this. */
  headersTimeoutMs: number
  /** Node's requestTimeout: the whole request, body included, must arrive within this. */
  requestTimeoutMs: number
  /** Fastify's connectionTimeout: a socket silent this long is closed (0: off). */
  connectionTimeoutMs: number
  /** Fastify's keepAliveTimeout: an idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number
  /** Fastify's maxRequestsPerSocket (0: no limit). */
  maxRequestsPerSocket: number
  /** Node's server.maxConnections: connections past it are dropped on accept. */
  maxConnections: number
  /** Open connections one client address may hold (0: no limit); TRUST_PROXY's proxies are exempt. */
  maxConnectionsPerIp: number
  /** Node's maxHeaderSize: larger request heads get 431 header_too_large. */
  maxHeaderBytes: number
  /** How long a shutdown keeps listening and answers every request with 503 before it closes. */
  shutdownDrainMs: number
  /** After the drain, how long requests in flight may take before their connections are cut. */
  shutdownTimeoutMs: number
  /** Port of the Prometheus `/metrics` listener; undefined (the default) turns metrics off. */
  metricsPort: number | undefined
  /** Address of the `/metrics` listener (default 127.0.0.1). */
  metricsHost: string
}

/** Thrown by {@link loadConfig}; the message names the variable and the offending value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid config: ${variable} ${detail}`)
  }
}

type RawEnv = Readonly<Record<string, string | undefined>>

/** Shows a Redis URL with its password masked: `redis://user:***@host`, `redis://***@host` for a lone password. */
function maskRedisPassword(url: string): string {
  return url.replace(/^([^:/]+:\/\/)([^@/]*)@/, (_all, scheme: string, userinfo: string) =>
    userinfo.includes(':') ? `${scheme}${userinfo.slice(0, userinfo.indexOf(':'))}:***@` : `${scheme}***@`,
  )
}

/** The error for a value the schema refused, naming the variable and showing the value (a password never). */
function refusal(name: EnvName, schema: TSchema, value: string): ConfigError {
  if (name !== 'REDIS_URL') return new ConfigError(name, `must be ${String(schema.description)}, got "${value}"`)
  // The parser says what exactly is wrong (several hosts without +cluster, a path on a cluster, ...).
  let problem = `must be ${String(schema.description)}`
  try {
    parseRedisUrl(value)
  } catch (error) {
    if (error instanceof RedisUrlError) problem = error.message
  }
  return new ConfigError(name, `${problem}, got "${maskRedisPassword(value)}"`)
}

/** Reads every variable of the schema, coerced to its type, and fails on the first one the schema refuses. */
function parseEnv(raw: RawEnv): Env {
  const parsed: Record<string, unknown> = {}
  for (const [name, schema] of Object.entries(EnvSchema.properties) as [EnvName, TSchema][]) {
    const value = raw[name]?.trim()
    // An empty variable (`FOO=`) means "unset", as in most dotenv tooling.
    if (value === undefined || value === '') continue
    const coerced = coerceEnvValue(schema.type, value)
    if (!Value.Check(schema, coerced)) throw refusal(name, schema, value)
    parsed[name] = coerced
  }
  return parsed as Env
}


function trustProxy(value: string | undefined): Config['trustProxy'] {
  if (value === undefined || value === '0' || value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) return Number(value)
  return commaList(value)
}

/** The contract's headers, which a browser always needs, then the configured extra ones (case-insensitively once each). */
export const CORS_CONTRACT_HEADERS = ['Authorization', 'Content-Type'] as const

function corsAllowedHeaders(extra: string | undefined): string[] {
  const names: string[] = [...CORS_CONTRACT_HEADERS]
  for (const name of extra === undefined ? [] : commaList(extra)) {
    if (!names.some((known) => known.toLowerCase() === name.toLowerCase())) names.push(name)
  }
  return names
}

/**
 * Reads and validates the configuration from environment variables against {@link EnvSchema}, failing fast with a
 * {@link ConfigError} that names the first bad variable. Outside production, an unset `WX_APPID` selects the dev
 * preset: the demo appid and a dev secret, the WeChat emulator mounted on this server, CORS open to any origin and
 * a loopback host. The emulator (and `/__dev/*`) only ever runs on a loopback listener and never in production;
 * production also requires `WX_APPID`, `WX_SECRET` and `PUBLIC_URL` and refuses `TRUST_PROXY=true`. The official
 * account (`WX_OA_APPID` with `WX_OA_SECRET`, both or neither) turns the web login on; the dev preset pairs the
 * emulator's one.
 */
export function loadConfig(raw: RawEnv = process.env): Config {
  const env = parseEnv(raw)
  // `Production` and `PRODUCTION` are production too: a typo must not turn the safety rules off.
  const production = env.NODE_ENV?.toLowerCase() === 'production'
  const devPreset = !production && env.WX_APPID === undefined

  if (production && env.WX_APPID === undefined) throw new ConfigError('WX_APPID', 'is required in production')
  if (env.WX_APPID !== undefined && env.WX_SECRET === undefined) throw new ConfigError('WX_SECRET', 'is required when WX_APPID is set')
  if (production && env.PUBLIC_URL === undefined) {
    throw new ConfigError('PUBLIC_URL', 'is required in production (the origin avatar URLs are built on, e.g. https://api.example.com)')
  }
  if (production && env.TRUST_PROXY === 'true') {
    throw new ConfigError('TRUST_PROXY', 'must not be true in production (any client could pick its IP); use a hop count like 1 or the proxies\' addresses')
  }

  if (env.WX_OA_APPID !== undefined && env.WX_OA_SECRET === undefined) throw new ConfigError('WX_OA_SECRET', 'is required when WX_OA_APPID is set')
  if (env.WX_OA_APPID === undefined && env.WX_OA_SECRET !== undefined) throw new ConfigError('WX_OA_APPID', 'is required when WX_OA_SECRET is set')

  const wxEmulator = env.WX_EMULATOR ?? devPreset
  if (production && wxEmulator) throw new ConfigError('WX_EMULATOR', 'must be 0 in production')
  const host = env.HOST ?? (wxEmulator ? '127.0.0.1' : '0.0.0.0')
  if (wxEmulator && !isLoopbackHost(host)) {
    throw new ConfigError(
      'WX_EMULATOR',
      `is on, so HOST must be a loopback address (127.0.0.1, ::1 or localhost), got HOST="${host}"; unset WX_EMULATOR or listen on 127.0.0.1`,
    )
  }

  return {
    production,
    appid: env.WX_APPID ?? DEV_APPID,
    secret: env.WX_SECRET ?? DEV_SECRET,
    // The dev preset pairs the emulator's official account with the demo mini program, so H5 in WeChat works too.
    oaAppid: env.WX_OA_APPID ?? (devPreset ? DEV_OA_APPID : undefined),
    oaSecret: env.WX_OA_SECRET ?? (devPreset ? DEV_OA_SECRET : undefined),
    // Callers append paths; a trailing slash would double it.
    wxApiBase: env.WX_API_BASE?.replace(/\/+$/, '') ?? (wxEmulator ? undefined : 'https://api.weixin.qq.com'),
    wxEmulator,
    // Callers never append paths to it, but a trailing slash (`redis://host:6379/`) means no database: drop it.
    redisUrl: env.REDIS_URL?.replace(/\/+$/, ''),
    sessionIdleTtlSec: env.SESSION_IDLE_TTL ?? 604_800,
    sessionMaxAgeSec: env.SESSION_MAX_AGE ?? 2_592_000,
    port: env.PORT ?? 3000,
    host,
    uploadDir: env.UPLOAD_DIR ?? './.uploads',
    uploadMaxTotalBytes: env.UPLOAD_MAX_TOTAL_BYTES ?? 1024 ** 3,
    avatarRateLimit: env.AVATAR_RATE_LIMIT ?? 10,
    corsOrigins: env.CORS_ORIGINS === undefined ? (devPreset ? '*' : []) : env.CORS_ORIGINS === '*' ? '*' : commaList(env.CORS_ORIGINS),
    corsAllowedHeaders: corsAllowedHeaders(env.CORS_ALLOWED_HEADERS),
    publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
    watermarkMaxAgeSec: env.WX_WATERMARK_MAX_AGE ?? 600,
    wxTimeoutMs: env.WX_TIMEOUT_MS ?? 5000,
    loginRateLimit: env.LOGIN_RATE_LIMIT ?? 30,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: trustProxy(env.TRUST_PROXY),
    headersTimeoutMs: env.HEADERS_TIMEOUT_MS ?? 10_000,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS ?? 30_000,
    connectionTimeoutMs: env.CONNECTION_TIMEOUT_MS ?? 120_000,
    keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS ?? 72_000,
    maxRequestsPerSocket: env.MAX_REQUESTS_PER_SOCKET ?? 0,
    maxConnections: env.MAX_CONNECTIONS ?? 10_000,
    maxConnectionsPerIp: env.MAX_CONNECTIONS_PER_IP ?? 256,
    maxHeaderBytes: env.MAX_HEADER_BYTES ?? 16_384,
    shutdownDrainMs: env.SHUTDOWN_DRAIN_MS ?? 5000,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS ?? 10_000,
    metricsPort: env.METRICS_PORT,
    metricsHost: env.METRICS_HOST ?? '127.0.0.1',
  }
}

import { DEV_APPID, DEV_OA_APPID, DEV_OA_SECRET, DEV_SECRET } from './emulator/devCredentials'
import { parseRedisUrl, RedisUrlError } from './stores/redisUrl'

/** Log levels pino understands, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]


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
  /** `'*'` allows any origin; an empty list turns CORS off. */
  corsOrigins: '*' | string[]
  publicUrl: string | undefined
  watermarkMaxAgeSec: number
  wxTimeoutMs: number
  loginRateLimit: number
  logLevel: LogLevel
  /** Fastify's trustProxy: false, true (trust every hop), a hop count, or trusted addresses/CIDRs. */
  trustProxy: boolean | number | string[]
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

type Env = Readonly<Record<string, string | undefined>>

function read(env: Env, name: string): string | undefined {
  const raw = env[name]
  // An empty variable (`FOO=`) means "unset", as in most dotenv tooling.
  if (raw === undefined || raw.trim() === '') return undefined
  return raw.trim()
}

function integer(env: Env, name: string, fallback: number, opts: { min: number; max?: number; unit: string }): number {
  const raw = read(env, name)
  if (raw === undefined) return fallback
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  const max = opts.max ?? Number.MAX_SAFE_INTEGER
  if (!Number.isSafeInteger(value) || value < opts.min || value > max) {
    const kind = opts.min > 0 ? 'a positive integer' : 'a non-negative integer'
    const range = opts.max === undefined ? '' : ` up to ${opts.max}`
    throw new ConfigError(name, `must be ${kind}${range} (${opts.unit}), got "${raw}"`)
  }
  return value
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name)
  if (raw === undefined) return fallback
  if (raw === '1' || raw === 'true') return true
  if (raw === '0' || raw === 'false') return false
  throw new ConfigError(name, `must be 0 or 1, got "${raw}"`)
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = read(env, name)
  if (raw === undefined) return undefined
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(name, `must be a URL, got "${raw}"`)
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${raw}"`)
  }
  // Callers append paths; a trailing slash would double it.
  return raw.replace(/\/+$/, '')
}

/** `REDIS_URL`: one node, Sentinel or Cluster (server/stores/redisUrl.ts has the forms). */
function redisUrl(env: Env): string | undefined {
  const raw = read(env, 'REDIS_URL')
  if (raw === undefined) return undefined
  try {
    parseRedisUrl(raw)
  } catch (error) {
    // The URL may carry a password: show it masked.
    const shown = raw.replace(/^([^:/]+:\/\/[^:@/]*:)[^@/]*@/, '$1***@')
    if (error instanceof RedisUrlError) throw new ConfigError('REDIS_URL', `${error.message}, got "${shown}"`)
    throw error
  }
  // Callers never append paths to it, but a trailing slash (`redis://host:6379/`) means no database: drop it.
  return raw.replace(/\/+$/, '')
}

function corsOrigins(env: Env, fallback: '*' | string[]): '*' | string[] {
  const raw = read(env, 'CORS_ORIGINS')
  if (raw === undefined) return fallback
  if (raw === '*') return '*'
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((origin) => {
      let parsed: URL | undefined
      try {
        parsed = new URL(origin)
      } catch {
        parsed = undefined
      }
      if (parsed === undefined || parsed.origin !== origin) {
        throw new ConfigError('CORS_ORIGINS', `must be '*' or a comma list of origins like https://example.com, got "${origin}"`)
      }
      return origin
    })
}

function trustProxy(env: Env): boolean | number | string[] {
  const raw = read(env, 'TRUST_PROXY')
  if (raw === undefined || raw === '0' || raw === 'false') return false
  if (raw === 'true') return true
  if (/^\d+$/.test(raw)) return Number(raw)
  const entries = raw.split(',').map((s) => s.trim()).filter((s) => s !== '')
  if (entries.length === 0 || entries.some((e) => !/^[0-9A-Fa-f.:]+(?:\/\d{1,3})?$/.test(e))) {
    throw new ConfigError('TRUST_PROXY', `must be 0, true, a hop count or a comma list of IPs/CIDRs, got "${raw}"`)
  }
  return entries
}

/**
 * Reads and validates the configuration from environment variables, failing fast with a {@link ConfigError}
 * that names the first bad variable. Outside production, an unset `WX_APPID` selects the dev preset: the demo
 * appid and a dev secret, the WeChat emulator mounted on this server, CORS open to any origin and a loopback
 * host. In production `WX_APPID` and `WX_SECRET` are required and the emulator is refused.
 */
export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production'
  const appidRaw = read(env, 'WX_APPID')
  const secretRaw = read(env, 'WX_SECRET')
  const devPreset = !production && appidRaw === undefined

  if (production && appidRaw === undefined) throw new ConfigError('WX_APPID', 'is required in production')
  if (appidRaw !== undefined && secretRaw === undefined) throw new ConfigError('WX_SECRET', 'is required when WX_APPID is set')
  if (appidRaw !== undefined && !/^[A-Za-z0-9_-]{4,64}$/.test(appidRaw)) {
    throw new ConfigError('WX_APPID', `must look like an appid (wx…), got "${appidRaw}"`)
  }

  const oaAppidRaw = read(env, 'WX_OA_APPID')
  const oaSecretRaw = read(env, 'WX_OA_SECRET')
  if (oaAppidRaw !== undefined && oaSecretRaw === undefined) throw new ConfigError('WX_OA_SECRET', 'is required when WX_OA_APPID is set')
  if (oaAppidRaw === undefined && oaSecretRaw !== undefined) throw new ConfigError('WX_OA_APPID', 'is required when WX_OA_SECRET is set')
  if (oaAppidRaw !== undefined && !/^[A-Za-z0-9_-]{4,64}$/.test(oaAppidRaw)) {
    throw new ConfigError('WX_OA_APPID', `must look like an appid (wx…), got "${oaAppidRaw}"`)
  }

  const wxEmulator = flag(env, 'WX_EMULATOR', devPreset)
  if (production && wxEmulator) throw new ConfigError('WX_EMULATOR', 'must be 0 in production')

  const level = read(env, 'LOG_LEVEL') ?? 'info'
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`)
  }

  return {
    production,
    appid: appidRaw ?? DEV_APPID,
    secret: secretRaw ?? DEV_SECRET,
    // The dev preset pairs the emulator's official account with the demo mini program, so H5 in WeChat works too.
    oaAppid: oaAppidRaw ?? (devPreset ? DEV_OA_APPID : undefined),
    oaSecret: oaSecretRaw ?? (devPreset ? DEV_OA_SECRET : undefined),
    wxApiBase: url(env, 'WX_API_BASE', ['http:', 'https:']) ?? (wxEmulator ? undefined : 'https://api.weixin.qq.com'),
    wxEmulator,
    redisUrl: redisUrl(env),
    sessionIdleTtlSec: integer(env, 'SESSION_IDLE_TTL', 604_800, { min: 1, unit: 'seconds' }),
    sessionMaxAgeSec: integer(env, 'SESSION_MAX_AGE', 2_592_000, { min: 1, unit: 'seconds' }),
    port: integer(env, 'PORT', 3000, { min: 0, max: 65_535, unit: 'a TCP port' }),
    host: read(env, 'HOST') ?? (devPreset ? '127.0.0.1' : '0.0.0.0'),
    uploadDir: read(env, 'UPLOAD_DIR') ?? './.uploads',
    corsOrigins: corsOrigins(env, devPreset ? '*' : []),
    publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:']),
    watermarkMaxAgeSec: integer(env, 'WX_WATERMARK_MAX_AGE', 600, { min: 0, unit: 'seconds, 0 turns the check off' }),
    wxTimeoutMs: integer(env, 'WX_TIMEOUT_MS', 5000, { min: 1, unit: 'milliseconds' }),
    loginRateLimit: integer(env, 'LOGIN_RATE_LIMIT', 30, { min: 1, unit: 'logins per minute per IP' }),
    logLevel: level as LogLevel,
    trustProxy: trustProxy(env),
  }
}

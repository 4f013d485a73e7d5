import type { AccountEndpoints } from './account/accountApi'
import { createReferenceBackend } from './backend/referenceBackend'
import type { ReadyBackend } from './backend/grantReader'
import type { BackendDescription } from './backend/types'
import { checkBackendShape } from './backend/checkBackendShape'
import { usageError } from './errors'
import type { Platform } from './platform/types'
import type { ExpiryContext } from './request/types'
import { normaliseHooks, type HttpHooks } from './transport/hooks'

/**
 * The backend endpoints the library calls, as paths joined to `baseURL` (or absolute URLs). The
 * defaults are the reference server's routes (docs/api.md).
 */
export interface AuthEndpoints extends AccountEndpoints {
  /** Default `'/api/auth/login'`: `POST { code }` answers `{ token, expiresAt, user }`. */
  login: string
  /** Default `'/api/auth/web-login'`: like `login`, for the codes of WeChat's web OAuth (WeChat's browser). */
  webLogin: string
  /** Default `'/api/auth/logout'`: `POST`, best effort. */
  logout: string
}

/** The endpoints used unless `AuthOptions.endpoints` says otherwise. */
export const DEFAULT_ENDPOINTS: Readonly<AuthEndpoints> = Object.freeze({
  login: '/api/auth/login',
  webLogin: '/api/auth/web-login',
  logout: '/api/auth/logout',
  me: '/api/me',
  avatar: '/api/me/avatar',
  phone: '/api/me/phone',
})

/** Options of `createAuth`. */
export interface AuthOptions {
  /** The platform adapter, e.g. `createUniPlatform()`. */
  platform: Platform
  /** The backend's absolute http(s) URL, e.g. `'https://api.example.com'`; request URLs are joined to it unless absolute. */
  baseURL: string
  /** Default `'wx-login-state:session'`. */
  storageKey?: string
  /** Default 60 000: the token counts as expired this long before `expiresAt`. */
  expiryLeewayMs?: number
  /** Default 10 000, per request, the login call included. */
  timeoutMs?: number
  /**
   * Default `'repair'`: log in silently only to repair a session that existed (expired, 401).
   * `'always'`: any protected request logs in when there is no session, for apps that collected
   * privacy consent elsewhere. After `logout()`, never silently until the next explicit login.
   */
  autoLogin?: 'repair' | 'always'
  /**
   * Default `status === 401`; for backends that answer 200 with `{ code: 401 }`. Only with the reference
   * contract: with a `backend`, its own `isSessionExpired` says, and giving both is a `TypeError`.
   */
  isSessionExpired?: (ctx: ExpiryContext) => boolean
  /**
   * Paths of the reference contract's endpoints; see {@link AuthEndpoints} for the defaults. With a
   * `backend`, only the account paths (`me`, `avatar`, `phone`) may be given: the description has its
   * own login, web-login and logout calls, and giving both is a `TypeError`.
   */
  endpoints?: Partial<AuthEndpoints>
  /**
   * The backend the library logs in against (docs/library.md, "Your own backend"); default: the
   * reference contract. Presets: `wx-login-state/backends`.
   */
  backend?: BackendDescription
  hooks?: Partial<HttpHooks>
}

/** `AuthOptions` after validation, with the hooks normalised, the endpoints completed and the backend resolved. */
export interface ResolvedAuthOptions extends Omit<AuthOptions, 'endpoints' | 'hooks' | 'backend' | 'isSessionExpired'> {
  endpoints: AuthEndpoints
  hooks: HttpHooks
  /** The description every call goes through: `backend`, or the reference contract over `endpoints`. */
  backend: ReadyBackend
}

// The endpoints a backend description has its own calls for.
const AUTH_CALLS = ['login', 'webLogin', 'logout'] as const

// An absolute http(s) URL with a host and at most a path: a query or fragment could not be joined to.
const BASE_URL = /^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/i
const ENDPOINT_NAMES = Object.keys(DEFAULT_ENDPOINTS) as Array<keyof AuthEndpoints>

/**
 * Validates `createAuth`'s options once, up front, so that misconfiguration fails at start-up with a
 * `TypeError` naming the option rather than as a confusing failure on the first request.
 * @internal
 */
export function resolveAuthOptions(options: AuthOptions): ResolvedAuthOptions {
  if (typeof options !== 'object' || options === null) throw usageError('createAuth(options) needs an options object')
  const { platform, baseURL } = options
  if (typeof platform !== 'object' || platform === null || typeof platform.request !== 'function') {
    throw usageError('createAuth(): platform must be a Platform, e.g. createUniPlatform()')
  }
  if (typeof baseURL !== 'string' || !BASE_URL.test(baseURL)) {
    throw usageError(`createAuth(): baseURL must be an absolute http(s) URL such as 'https://api.example.com', got ${describe(baseURL)}`)
  }
  if (options.storageKey !== undefined && (typeof options.storageKey !== 'string' || options.storageKey.length === 0)) {
    throw usageError(`createAuth(): storageKey must be a non-empty string, got ${describe(options.storageKey)}`)
  }
  checkNumber(options.timeoutMs, 'timeoutMs', false)
  checkNumber(options.expiryLeewayMs, 'expiryLeewayMs', true)
  if (options.autoLogin !== undefined && options.autoLogin !== 'repair' && options.autoLogin !== 'always') {
    throw usageError(`createAuth(): autoLogin must be 'repair' or 'always', got ${describe(options.autoLogin)}`)
  }
  if (options.isSessionExpired !== undefined && typeof options.isSessionExpired !== 'function') {
    throw usageError('createAuth(): isSessionExpired must be a function')
  }
  const { endpoints: _endpoints, hooks: _hooks, backend: _backend, isSessionExpired: _isSessionExpired, ...rest } = options
  const endpoints = resolveEndpoints(options.endpoints)
  return { ...rest, endpoints, hooks: normaliseHooks(options.hooks), backend: resolveBackend(options, endpoints) }
}

/**
 * The description to use. NOTE: the old top-level options and a description never mix silently: with
 * a `backend`, `isSessionExpired` and the login/web-login/logout `endpoints` are a `TypeError`, because
 * either choice of winner would quietly ignore something the app wrote.
 */
function resolveBackend(options: AuthOptions, endpoints: AuthEndpoints): ReadyBackend {
  if (options.backend === undefined) {
    const custom = options.isSessionExpired
    return createReferenceBackend(endpoints, custom === undefined ? undefined : (answer) => custom(answer))
  }
  const backend = checkBackendShape(options.backend)
  if (options.isSessionExpired !== undefined) {
    throw usageError('createAuth(): give isSessionExpired inside backend, not next to it (backend.isSessionExpired)')
  }
  const given = AUTH_CALLS.filter((name) => (options.endpoints as Partial<AuthEndpoints> | undefined)?.[name] !== undefined)
  if (given.length > 0) {
    throw usageError(`createAuth(): endpoints.${given[0]} does not apply with a backend; its calls are backend.login, backend.webLogin and backend.logout`)
  }
  return backend
}

function resolveEndpoints(endpoints: unknown): AuthEndpoints {
  if (endpoints === undefined) return { ...DEFAULT_ENDPOINTS }
  if (typeof endpoints !== 'object' || endpoints === null || Array.isArray(endpoints)) {
    throw usageError('createAuth(): endpoints must be an object such as { login: "/api/auth/login" }')
  }
  const out: AuthEndpoints = { ...DEFAULT_ENDPOINTS }
  for (const [name, value] of Object.entries(endpoints)) {
    // A misspelt name would otherwise be ignored silently and the default called instead.
    if (!(ENDPOINT_NAMES as string[]).includes(name)) {
      throw usageError(`createAuth(): endpoints.${name} is not an endpoint; known are ${ENDPOINT_NAMES.join(', ')}`)
    }
    if (value === undefined) continue
    if (typeof value !== 'string' || value.trim() === '' || /\s/.test(value)) {
      throw usageError(`createAuth(): endpoints.${name} must be a path such as '/api/me' or an absolute URL, got ${describe(value)}`)
    }
    out[name as keyof AuthEndpoints] = value
  }
  return out
}

function checkNumber(value: unknown, name: string, allowZero: boolean): void {
  if (value === undefined) return
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw usageError(`createAuth(): ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${describe(value)}`)
  }
}

/** A short, safe rendering of a bad option value for the message. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
  if (value === null || typeof value !== 'object') return String(value)
  return Array.isArray(value) ? 'an array' : 'an object'
}

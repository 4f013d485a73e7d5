import { createAccountApi, type AccountApi } from './account/accountApi'
import { normaliseHooks, type HttpHooks } from './http/hooks'
import { createHttpClient } from './http/httpClient'
import { createSender } from './http/sender'
import type { ExpiryContext, HttpClient } from './http/types'
import { buildURL } from './http/url'
import type { Platform } from './platform/types'
import { createSessionManager, type SessionManager } from './session/sessionManager'

/** Options of {@link createAuth}. */
export interface AuthOptions {
  platform: Platform
  /** E.g. `'http://127.0.0.1:3000'`; request URLs are joined to it unless absolute. */
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
  /** Default `status === 401`; for backends that answer 200 with `{ code: 401 }`. */
  isSessionExpired?: (ctx: ExpiryContext) => boolean
  /** Defaults `'/api/auth/login'` and `'/api/auth/logout'`. */
  endpoints?: { login?: string; logout?: string }
  hooks?: Partial<HttpHooks>
}

/** One wired instance of the library. */
export interface Auth {
  readonly platform: Platform
  readonly session: SessionManager
  readonly http: HttpClient
  readonly account: AccountApi
}

/**
 * Creates an instance of the library: the session manager (which starts restoring the persisted
 * session at once), the request client and the account API, all sharing one platform. Each call gives
 * an independent instance, so tests start fresh and an app may hold several. Misconfiguration throws
 * a `TypeError` that names the option.
 */
export function createAuth(options: AuthOptions): Auth {
  if (typeof options !== 'object' || options === null) throw new TypeError('[wx-login-state] createAuth(options) needs an options object')
  const { platform, baseURL } = options
  if (typeof platform !== 'object' || platform === null || typeof platform.request !== 'function') {
    throw new TypeError('[wx-login-state] createAuth(): platform must be a Platform, e.g. createUniPlatform()')
  }
  if (typeof baseURL !== 'string') throw new TypeError('[wx-login-state] createAuth(): baseURL must be a string')
  checkPositive(options.timeoutMs, 'timeoutMs')
  checkPositive(options.expiryLeewayMs, 'expiryLeewayMs', true)
  if (options.autoLogin !== undefined && options.autoLogin !== 'repair' && options.autoLogin !== 'always') {
    throw new TypeError(`[wx-login-state] createAuth(): autoLogin must be 'repair' or 'always'`)
  }
  if (options.isSessionExpired !== undefined && typeof options.isSessionExpired !== 'function') {
    throw new TypeError('[wx-login-state] createAuth(): isSessionExpired must be a function')
  }

  const sender = createSender(platform, normaliseHooks(options.hooks))
  const session = createSessionManager({
    platform,
    sender,
    loginURL: buildURL(baseURL, options.endpoints?.login ?? '/api/auth/login'),
    logoutURL: buildURL(baseURL, options.endpoints?.logout ?? '/api/auth/logout'),
    ...(options.storageKey === undefined ? {} : { storageKey: options.storageKey }),
    ...(options.expiryLeewayMs === undefined ? {} : { expiryLeewayMs: options.expiryLeewayMs }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.autoLogin === undefined ? {} : { autoLogin: options.autoLogin }),
  })
  const http = createHttpClient({
    sender,
    session,
    baseURL,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.isSessionExpired === undefined ? {} : { isSessionExpired: options.isSessionExpired }),
  })
  return { platform, session, http, account: createAccountApi(http, session) }
}

function checkPositive(value: unknown, name: string, allowZero = false): void {
  if (value === undefined) return
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new TypeError(`[wx-login-state] createAuth(): ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number`)
  }
}

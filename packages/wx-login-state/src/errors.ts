/**
 * One flat error hierarchy for everything the library rejects with.
 *
 * Every error carries a stable string `code` to branch on; messages are for people and may change.
 * `instanceof` works for every class, including after down-levelling, because each constructor
 * resets the prototype explicitly.
 */

/** The stable codes of {@link AuthError}. */
export type AuthErrorCode =
  | 'network'
  | 'timeout'
  | 'http'
  | 'login_failed'
  | 'login_required'
  | 'cancelled'
  | 'invalid_response'
  | 'unsupported_platform'
  | 'storage'

/** Prefix of every message, so that a log line names the library that wrote it. */
export const ERROR_PREFIX = '[wx-login-state]'

/**
 * `error` codes that the contract's login endpoint answers with (docs/api.md), passed on as the
 * `reason` of a {@link LoginFailedError}.
 */
export const BACKEND_LOGIN_FAILURE_REASONS = Object.freeze([
  'invalid_request',
  'invalid_code',
  'login_blocked',
  'rate_limited',
  'server_misconfigured',
  'wechat_unavailable',
  'service_unavailable',
  'internal_error',
  'web_login_disabled',
] as const)

/** A contract code of the login endpoint; see {@link BACKEND_LOGIN_FAILURE_REASONS}. */
export type BackendLoginFailureReason = (typeof BACKEND_LOGIN_FAILURE_REASONS)[number]

/**
 * Reasons a redirect-based platform (WeChat's browser) reports itself: the user refused, a code came back that this
 * tab did not ask for or with a foreign state, or a silent re-login was refused to keep a page from looping.
 */
export const WEB_LOGIN_FAILURE_REASONS = Object.freeze(['web_auth_denied', 'web_state_missing', 'web_state_mismatch', 'web_redirect_blocked'] as const)

/** One of {@link WEB_LOGIN_FAILURE_REASONS}. */
export type WebLoginFailureReason = (typeof WEB_LOGIN_FAILURE_REASONS)[number]

/** Reasons that the client finds itself, before or instead of a backend answer. */
export type ClientLoginFailureReason =
  | WebLoginFailureReason
  | 'wx_login_failed'
  | 'unsupported_platform'
  | 'privacy_denied'
  | 'invalid_response'
  | 'network'
  | 'timeout'

/**
 * Why a login failed. `backend_error` is any other non-2xx answer of the login endpoint: its `status`
 * and, when the body named one, its `backendCode` say which.
 */
export type LoginFailureReason = BackendLoginFailureReason | ClientLoginFailureReason | 'backend_error'

/**
 * The `TypeError` thrown for misuse (a bad option, a wrong argument), with the library prefix added
 * here so that no call site writes it by hand. `message` names the call and the option.
 * @internal
 */
export function usageError(message: string): TypeError {
  return new TypeError(`${ERROR_PREFIX} ${message}`)
}

/**
 * The message of `error` without the library prefix, for wrapping one typed error in another
 * without repeating the prefix.
 * @internal
 */
export function unprefixed(error: Error): string {
  return error.message.startsWith(`${ERROR_PREFIX} `) ? error.message.slice(ERROR_PREFIX.length + 1) : error.message
}

/**
 * The base class of every error the library rejects with. Branch on `code` (or use `instanceof` on a
 * subclass); `cause` holds the underlying error where there is one.
 */
export class AuthError extends Error {
  readonly code: AuthErrorCode

  constructor(code: AuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${ERROR_PREFIX} ${message}`)
    // NOTE: set by hand so that `instanceof` survives ES5 down-levelling and runtimes without
    // `ErrorOptions` support.
    Object.setPrototypeOf(this, new.target.prototype)
    this.name = new.target.name
    this.code = code
    if (options && 'cause' in options) {
      Object.defineProperty(this, 'cause', { value: options.cause, writable: true, configurable: true })
    }
  }
}

/** The request never got an HTTP answer: `request:fail`, DNS, connection refused, server down. */
export class NetworkError extends AuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('network', message, options)
  }
}

/** The request (or the login call) took longer than its timeout. */
export class TimeoutError extends AuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('timeout', message, options)
  }
}

/** The backend answered with a non-2xx status that is not a session expiry. */
export class HttpError extends AuthError {
  readonly status: number
  /** The parsed body (JSON when it parsed, otherwise the raw string). */
  readonly body: unknown
  readonly method: string
  readonly url: string

  constructor(init: { status: number; body: unknown; method: string; url: string }, options?: { cause?: unknown }) {
    super('http', `${init.method} ${init.url} failed: HTTP ${init.status}${describeBackendError(init.body)}`, options)
    this.status = init.status
    this.body = init.body
    this.method = init.method
    this.url = init.url
  }
}

/**
 * Logging in failed. `reason` is one of {@link LoginFailureReason}: the backend's contract code
 * (`invalid_code`, `login_blocked`, `rate_limited`, `wechat_unavailable`, …), a client-side reason
 * (`wx_login_failed`, `unsupported_platform`, `privacy_denied`, `invalid_response`, `network`,
 * `timeout`) or `backend_error` for any other non-2xx answer.
 */
export class LoginFailedError extends AuthError {
  readonly reason: LoginFailureReason
  readonly status?: number
  /** The `error` code of the backend's body, when it sent one (also for `backend_error`). */
  readonly backendCode?: string
  /** From the `Retry-After` header of a 429 or 503, when the backend sent one. */
  readonly retryAfterSec?: number

  constructor(
    init: { reason: LoginFailureReason; message: string; status?: number; backendCode?: string; retryAfterSec?: number },
    options?: { cause?: unknown },
  ) {
    super('login_failed', init.message, options)
    this.reason = init.reason
    if (init.status !== undefined) this.status = init.status
    if (init.backendCode !== undefined) this.backendCode = init.backendCode
    if (init.retryAfterSec !== undefined) this.retryAfterSec = init.retryAfterSec
  }
}

/** There is no session and the library may not log in silently, or the retry after a re-login expired too. */
export class LoginRequiredError extends AuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('login_required', message, options)
  }
}

/** The caller cancelled the request, or a logout discarded the login it was waiting for. */
export class CancelledError extends AuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('cancelled', message, options)
  }
}

/** A 2xx body that is not JSON or does not have the expected shape. */
export class InvalidResponseError extends AuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_response', message, options)
  }
}

/** The running platform cannot do what was asked, e.g. WeChat login on a plain H5 build. */
export class UnsupportedPlatformError extends AuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unsupported_platform', message, options)
  }
}

/** The platform's storage refused a write (quota full, disabled); the session lives in memory only. */
export class StorageError extends AuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('storage', message, options)
  }
}

/**
 * Type guard for every error of this library, for `catch (e)` blocks that must tell the library's
 * typed failures apart from programming errors.
 */
export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError
}

/** Appends the backend's stable `error` code to a message, when the body has one. */
function describeBackendError(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const code = (body as { error: unknown }).error
    if (typeof code === 'string' && code.length > 0 && code.length <= 64) return ` (${code})`
  }
  return ''
}

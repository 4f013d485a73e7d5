import type { SessionEndReason } from './sessions/sessionService'

/** The stable error codes this server answers with; docs/api.md lists when each is used. */
export type ApiErrorCode =
  | 'invalid_request'
  | 'request_timeout'
  | 'header_too_large'
  | 'storage_full'
  | 'session_expired'
  | 'not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal_error'
  | 'service_unavailable'
  | 'invalid_code'
  | 'web_login_disabled'
  | 'login_blocked'
  | 'server_misconfigured'
  | 'wechat_unavailable'
  | 'invalid_nickname'
  | 'invalid_upload'
  | 'unsupported_image'
  | 'invalid_phone_code'
  | 'bad_session_key'
  | 'bad_iv'
  | 'bad_base64'
  | 'bad_padding'
  | 'bad_json'
  | 'data_too_large'
  | 'wrong_appid'
  | 'stale_watermark'
  | 'bad_signature'

/**
 * An error that maps one-to-one onto an HTTP answer `{ error, message }`. Everything a route throws on purpose is an
 * ApiError (or a subclass); anything else reaching the error handler is treated as a bug and answered with a bare 500.
 * `message` must be safe to show: it never carries secrets, tokens or upstream details.
 */
export class ApiError extends Error {
  override readonly name: string = 'ApiError'
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterSec?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.retryAfterSec = options?.retryAfterSec
  }

  /** Seconds for the `Retry-After` header of a 429 or 503. */
  readonly retryAfterSec: number | undefined
}

/** Type guard for {@link ApiError}. */
export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError
}

/** A `401 session_expired` answer, with why the session is not there (for the metrics; never sent). */
export class SessionExpiredError extends ApiError {
  override readonly name = 'SessionExpiredError'
  constructor(readonly reason: SessionEndReason) {
    super(401, 'session_expired', 'Session expired or unknown; log in again')
  }
}

/** The answer for a missing, malformed, unknown or expired bearer token; `reason` as far as the server knows it. */
export function sessionExpired(reason: SessionEndReason = 'unknown'): SessionExpiredError {
  return new SessionExpiredError(reason)
}

/** The answer for a request whose body or query fails validation. */
export function invalidRequest(message: string): ApiError {
  return new ApiError(400, 'invalid_request', message)
}

/** The answer when a dependency (the session store) is down; the cause is logged, never sent. */
export class ServiceUnavailableError extends ApiError {
  override readonly name = 'ServiceUnavailableError'
  constructor(what: string, cause?: unknown) {
    super(503, 'service_unavailable', `${what} is unavailable; try again shortly`, { cause, retryAfterSec: 5 })
  }
}

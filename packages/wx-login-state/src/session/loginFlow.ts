import {
  AuthError,
  CancelledError,
  BACKEND_LOGIN_FAILURE_REASONS,
  LoginFailedError,
  WEB_LOGIN_FAILURE_REASONS,
  UnsupportedPlatformError,
  unprefixed,
  type LoginFailureReason,
} from '../errors'
import type { LoginCode, Platform, TransportRequest, TransportResponse } from '../platform/types'
import { isPlatformError } from '../platform/platformError'
import type { Sender } from '../transport/sender'
import { parseStoredSession } from './parseUser'
import type { StoredSession } from './types'

/** What one login run needs. */
export interface LoginFlowDeps {
  platform: Platform
  sender: Sender
  /** The absolute login endpoint URL. */
  url: string
  /** The absolute endpoint for `web` codes (WeChat's web OAuth); without it a web code fails as unsupported. */
  webURL?: string
  timeoutMs: number
  /** Whether the user asked for this login (an explicit `login()`) rather than a silent repair. Default true. */
  interactive?: boolean
  /** A code already in hand (brought back by a login redirect); the first attempt uses it instead of asking. */
  code?: LoginCode
}

/**
 * Runs one login: a `wx.login` code, then `POST /api/auth/login`. A `401 invalid_code` (the code
 * expired or was used) gets exactly one fresh code and one more try; every other failure rejects
 * with a `LoginFailedError` whose `reason` is the backend's contract code, a client-side reason, or
 * `backend_error` for any other answer.
 * A `CancelledError` passes through unchanged. The `onError` hooks do not run here: a login failure
 * reaches them once per request that was waiting for it, and explicit callers get the rejection.
 */
export async function performLogin(deps: LoginFlowDeps): Promise<StoredSession> {
  for (let attempt = 0; ; attempt++) {
    const login = attempt === 0 && deps.code !== undefined ? deps.code : await getCode(deps)
    const web = login.kind === 'web'
    if (web && deps.webURL === undefined) {
      throw new LoginFailedError({ reason: 'unsupported_platform', message: 'a web OAuth code needs the web login endpoint' })
    }
    const url = web ? (deps.webURL ?? deps.url) : deps.url
    const { code } = login
    const request: TransportRequest = {
      url,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      data: { code },
      timeoutMs: deps.timeoutMs,
    }
    let response: TransportResponse
    try {
      response = await deps.sender.send(request, attempt)
    } catch (error) {
      throw loginCallFailure(error)
    }
    if (response.status >= 200 && response.status < 300) {
      try {
        return parseStoredSession(response.data)
      } catch (error) {
        throw new LoginFailedError(
          { reason: 'invalid_response', message: `POST ${pathOf(url)} failed: ${describe(error)}`, status: response.status },
          { cause: error },
        )
      }
    }
    const backendCode = backendErrorCode(response.data)
    const reason = toBackendReason(backendCode)
    // NOTE: bounded structurally: only the first attempt may retry, so a backend that keeps answering
    // invalid_code costs two codes, never a loop. A web code is never retried: a fresh one means a redirect.
    if (response.status === 401 && reason === 'invalid_code' && attempt === 0 && !web) continue
    const retryAfterSec = parseRetryAfter(response.headers['retry-after'])
    throw new LoginFailedError({
      reason,
      message: `POST ${pathOf(url)} failed: HTTP ${response.status}${backendCode === undefined ? '' : ` (${backendCode})`}`,
      status: response.status,
      ...(backendCode === undefined ? {} : { backendCode }),
      ...(retryAfterSec === undefined ? {} : { retryAfterSec }),
    })
  }
}

/** `wx.login`, bounded by the timeout because it can hang behind a system dialog. */
async function getCode(deps: LoginFlowDeps): Promise<LoginCode> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    const result = await Promise.race([
      deps.platform.login({ interactive: deps.interactive ?? true }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new LoginFailedError({ reason: 'timeout', message: `wx.login did not answer within ${deps.timeoutMs} ms` })),
          deps.timeoutMs,
        )
      }),
    ])
    if (typeof result?.code !== 'string' || result.code.length === 0) {
      throw new LoginFailedError({ reason: 'wx_login_failed', message: 'wx.login returned no code' })
    }
    return result.kind === 'web' ? { code: result.code, kind: 'web' } : { code: result.code }
  } catch (error) {
    if (error instanceof AuthError) throw error
    throw codeFailure(error)
  } finally {
    if (timer !== undefined) clearTimeout(timer)
  }
}

/**
 * Turns a failure of the platform's code source (`wx.login`, a login redirect's result) into the `LoginFailedError`
 * the app sees: an adapter's own `reason` as is, otherwise a reason derived from the `PlatformError` kind.
 */
export function codeFailure(error: unknown): LoginFailedError {
  const detail = describe(error)
  if (isPlatformError(error) && error.kind === 'unsupported') {
    const cause = new UnsupportedPlatformError(`wx.login is not available: ${detail}`, { cause: error })
    return new LoginFailedError({ reason: 'unsupported_platform', message: `wx.login failed: ${detail}` }, { cause })
  }
  // NOTE: a code source that goes over the network (the H5 emulator adapter) fails like any request;
  // keeping those kinds lets the app say "network" or "timeout" instead of a vague "wx.login failed".
  const kind = isPlatformError(error) ? error.kind : undefined
  const own = isPlatformError(error) ? error.reason : undefined
  const known = WEB_LOGIN_FAILURE_REASONS.find((r) => r === own)
  const reason =
    known !== undefined
      ? known
      : kind === 'denied' ? 'privacy_denied' : kind === 'network' ? 'network' : kind === 'timeout' ? 'timeout' : 'wx_login_failed'
  return new LoginFailedError({ reason, message: `wx.login failed: ${detail}` }, { cause: error })
}

/**
 * The login call's transport failure, already typed by the sender (the one place transport failures
 * are mapped), restated as a login failure; a hook that threw something untyped counts as `network`.
 */
function loginCallFailure(error: unknown): AuthError {
  if (error instanceof CancelledError) return error
  if (!(error instanceof AuthError)) {
    return new LoginFailedError({ reason: 'network', message: `login failed: ${describe(error)}` }, { cause: error })
  }
  const reason = error.code === 'unsupported_platform' ? 'unsupported_platform' : error.code === 'timeout' ? 'timeout' : 'network'
  return new LoginFailedError({ reason, message: unprefixed(error) }, { cause: error })
}

/**
 * A contract code stays the reason; anything else (or no code) is `backend_error`, so that a backend
 * answering e.g. `{ error: 'timeout' }` cannot pass for a client-side failure.
 */
function toBackendReason(code: string | undefined): LoginFailureReason {
  const known = code !== undefined && (BACKEND_LOGIN_FAILURE_REASONS as readonly string[]).includes(code)
  return known ? (code as LoginFailureReason) : 'backend_error'
}

function backendErrorCode(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const code = (data as { error?: unknown }).error
  return typeof code === 'string' && /^[a-z0-9_]{1,64}$/.test(code) ? code : undefined
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,6}$/.test(value.trim())) return undefined
  return Number(value.trim())
}

function pathOf(url: string): string {
  return url.replace(/^[a-z][a-z\d+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '') || '/'
}

function describe(error: unknown): string {
  if (isPlatformError(error)) return error.errMsg
  return error instanceof Error ? unprefixed(error) : String(error)
}

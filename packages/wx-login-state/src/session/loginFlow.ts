import {
  AuthError,
  CancelledError,
  InvalidResponseError,
  LoginFailedError,
  WEB_LOGIN_FAILURE_REASONS,
  UnsupportedPlatformError,
  unprefixed,
} from '../errors'
import type { BackendAnswer, SessionBackend } from './sessionBackend'
import type { LoginCode, Platform, TransportRequest, TransportResponse } from '../platform/types'
import { isPlatformError } from '../platform/platformError'
import type { Sender } from '../transport/sender'
import type { SessionRecord } from './types'

/** What one login run needs. */
export interface LoginFlowDeps {
  platform: Platform
  sender: Sender
  /** The backend description's reader: builds the login call and reads its answer. */
  backend: SessionBackend
  timeoutMs: number
  /** Whether the user asked for this login (an explicit `login()`) rather than a silent repair. Default true. */
  interactive?: boolean
  /** A code already in hand (brought back by a login redirect); the first attempt uses it instead of asking. */
  code?: LoginCode
  /** What the app passed to `login(inputs)`; empty for a silent login. */
  extra?: Readonly<Record<string, unknown>>
}

/**
 * Runs one login: a `wx.login` code, then the backend's login call. A failure the description marks
 * `retryWithFreshCode` (the reference contract's `401 invalid_code`: the code expired or was used)
 * gets exactly one fresh code and one more try; every other failure rejects with a `LoginFailedError`
 * whose `reason` the description gives. An answer that does not hold what the description says
 * rejects with reason `invalid_response` and an `InvalidResponseError` cause naming the field.
 * A `CancelledError` passes through unchanged. The `onError` hooks do not run here: a login failure
 * reaches them once per request that was waiting for it, and explicit callers get the rejection.
 */
export async function performLogin(deps: LoginFlowDeps): Promise<SessionRecord> {
  const { backend } = deps
  for (let attempt = 0; ; attempt++) {
    const login = attempt === 0 && deps.code !== undefined ? deps.code : await getCode(deps)
    const web = login.kind === 'web'
    const request = backend.loginRequest({ code: login.code, kind: web ? 'web' : 'mp', extra: deps.extra ?? {} }, deps.timeoutMs)
    if (request === undefined) {
      throw new LoginFailedError({ reason: 'unsupported_platform', message: `a web OAuth code needs a web login call (${backend.name})` })
    }
    const answer = await send(deps, request, attempt)
    const failure = backend.loginFailure(answer)
    const ok = failure === undefined && answer.status >= 200 && answer.status < 300
    if (ok) return readSession(deps, request, answer)
    // NOTE: bounded structurally: only the first attempt may retry, so a backend that keeps answering
    // "bad code" costs two codes, never a loop. A web code is never retried: a fresh one means a redirect.
    if (failure?.retryWithFreshCode === true && attempt === 0 && !web) continue
    const backendCode = failure?.code
    const retryAfterSec = parseRetryAfter(answer.headers['retry-after'])
    throw new LoginFailedError({
      reason: failure?.reason ?? 'backend_error',
      message: `${request.method} ${pathOf(request.url)} failed: HTTP ${answer.status}${backendCode === undefined ? '' : ` (${backendCode})`}`,
      status: answer.status,
      ...(backendCode === undefined ? {} : { backendCode }),
      ...(retryAfterSec === undefined ? {} : { retryAfterSec }),
    })
  }
}

async function send(deps: LoginFlowDeps, request: TransportRequest, attempt: number): Promise<BackendAnswer> {
  let response: TransportResponse
  try {
    response = await deps.sender.send(request, attempt)
  } catch (error) {
    throw loginCallFailure(error)
  }
  return { status: response.status, data: response.data, headers: response.headers }
}

/** The session a successful login answer holds, the user fetched when the description says so. */
async function readSession(deps: LoginFlowDeps, request: TransportRequest, answer: BackendAnswer): Promise<SessionRecord> {
  const { backend } = deps
  const invalid = (error: unknown, status: number, call = request): LoginFailedError =>
    new LoginFailedError(
      { reason: 'invalid_response', message: `${call.method} ${pathOf(call.url)} failed: ${describe(error)}`, status },
      { cause: error instanceof InvalidResponseError ? error : new InvalidResponseError(describe(error), { cause: error }) },
    )
  let record: SessionRecord
  try {
    const grant = backend.readGrant(answer, deps.platform.now())
    record = { ...grant, user: null }
    if (backend.hasUser && backend.userRequest(grant.token, deps.timeoutMs) === undefined) record.user = backend.readUser(answer, grant.token)
  } catch (error) {
    throw invalid(error, answer.status)
  }
  const userCall = backend.hasUser ? backend.userRequest(record.token, deps.timeoutMs) : undefined
  if (userCall !== undefined) {
    const me = await send(deps, userCall, 0)
    try {
      if (me.status < 200 || me.status >= 300 || backend.isSessionExpired(me)) throw new InvalidResponseError(`the user call answered HTTP ${me.status}`)
      record.user = backend.readUser(me, record.token)
    } catch (error) {
      throw invalid(error, me.status, userCall)
    }
  }
  return record
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

import { CancelledError, HttpError, NetworkError, TimeoutError, isAuthError, parseUser, toPlatformError, type AuthError, type User } from 'wx-login-state'
import { config } from './auth'

function parseMe(data: unknown): User {
  if (typeof data !== 'object' || data === null || !('user' in data)) {
    throw new TypeError('expected { user } from GET /api/me')
  }
  return parseUser((data as { user: unknown }).user)
}

/**
 * What a failed `uni.request` rejected with, as the library's typed error: the interceptor's own
 * failures carry it (`{ errMsg, error }`); uni's network failures (`{ errMsg: 'request:fail …' }`)
 * are classified once here, so the pages keep one error table.
 */
export function requestFailure(failure: unknown, what: string): AuthError {
  const carried = (failure as { error?: unknown } | null)?.error
  if (isAuthError(carried)) return carried
  const platform = toPlatformError(failure, 'network')
  if (platform.kind === 'timeout') return new TimeoutError(`${what} timed out`, { cause: failure })
  if (platform.kind === 'aborted') return new CancelledError(`${what} was aborted`, { cause: failure })
  return new NetworkError(`${what} failed: ${platform.message}`, { cause: failure })
}

/**
 * Loads the demo's protected data (`GET /api/me`) with a plain `uni.request`, the way existing app
 * code calls it: the interceptor installed in `auth.ts` adds the token, holds the call during the
 * launch restore, and on an expiry re-logs in once and sends it once more. Rejects with a typed
 * `AuthError`.
 */
export async function loadProtectedData(): Promise<User> {
  const url = `${config.apiBaseURL}/api/me`
  let res: UniApp.RequestSuccessCallbackResult
  try {
    res = await uni.request({ url })
  } catch (failure) {
    throw requestFailure(failure, 'GET /api/me')
  }
  if (res.statusCode !== 200) throw new HttpError({ status: res.statusCode, body: res.data, method: 'GET', url: '/api/me' })
  return parseMe(res.data)
}

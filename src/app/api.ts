import { HttpError, parseUser, type User } from 'wx-login-state'
import { toRequestError } from 'wx-login-state/platform'
import { config } from './auth'

function parseMe(data: unknown): User {
  if (typeof data !== 'object' || data === null || !('user' in data)) {
    throw new TypeError('expected { user } from GET /api/me')
  }
  return parseUser((data as { user: unknown }).user)
}

/**
 * Loads the demo's protected data (`GET /api/me`) with a plain `uni.request`, the way existing app
 * code calls it: the interceptor installed in `auth.ts` adds the token, holds the call during the
 * launch restore, and on an expiry re-logs in once and sends it once more. Rejects with a typed
 * `AuthError`.
 */
export function loadProtectedData(): Promise<User> {
  // NOTE: right after a login the home page is opened anew while the old one may still load: callers in the same
  // flight share the one request instead of sending GET /api/me twice.
  inFlight ??= fetchMe().finally(() => {
    inFlight = undefined
  })
  return inFlight
}

let inFlight: Promise<User> | undefined

async function fetchMe(): Promise<User> {
  const url = `${config.apiBaseURL}/api/me`
  let res: UniApp.RequestSuccessCallbackResult
  try {
    res = await uni.request({ url })
  } catch (failure) {
    throw toRequestError(failure, 'GET /api/me')
  }
  if (res.statusCode !== 200) throw new HttpError({ status: res.statusCode, body: res.data, method: 'GET', url: '/api/me' })
  return parseMe(res.data)
}

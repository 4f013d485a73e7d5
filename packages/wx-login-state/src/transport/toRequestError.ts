import { isAuthError, type AuthError } from '../errors'
import { toPlatformError } from '../platform/platformError'
import { toAuthError } from './toAuthError'

/**
 * Turns what a raw `uni.request` (or `wx.request`) call failed with into the library's typed error, so code
 * that calls `uni.request` itself keeps one error table with the library:
 * - the request interceptor's own failures carry their error (`{ errMsg, error }`): that error is returned as is;
 * - uni's failures (`{ errMsg: 'request:fail timeout' }`) are classified once: `TimeoutError`, `CancelledError`
 *   for an abort, `UnsupportedPlatformError`, otherwise `NetworkError`.
 * `call` names the request in the message (`'GET /api/me'`).
 *
 * @example
 * ```ts
 * try {
 *   res = await uni.request({ url })
 * } catch (failure) {
 *   throw toRequestError(failure, 'GET /api/me')
 * }
 * ```
 */
export function toRequestError(failure: unknown, call: string): AuthError {
  const carried = (failure as { error?: unknown } | null)?.error
  if (isAuthError(carried)) return carried
  if (isAuthError(failure)) return failure
  return toAuthError(toPlatformError(failure, 'network'), call)
}

import { AuthError, CancelledError, NetworkError, TimeoutError, UnsupportedPlatformError } from '../errors'
import { isPlatformError } from '../platform/platformError'

/**
 * Converts a transport failure into the library's typed error: `timeout` -> `TimeoutError`, `aborted`
 * -> `CancelledError`, `unsupported` -> `UnsupportedPlatformError`, everything else -> `NetworkError`.
 * `call` names the request (`'GET /api/me'`) for the message. Errors that already are typed pass through.
 */
export function toAuthError(failure: unknown, call: string): AuthError {
  if (failure instanceof AuthError) return failure
  const detail = isPlatformError(failure) ? failure.errMsg : failure instanceof Error ? failure.message : String(failure)
  const kind = isPlatformError(failure) ? failure.kind : 'network'
  const message = `${call} failed: ${detail}`
  switch (kind) {
    case 'timeout':
      return new TimeoutError(message, { cause: failure })
    case 'aborted':
      return new CancelledError(message, { cause: failure })
    case 'unsupported':
      return new UnsupportedPlatformError(message, { cause: failure })
    default:
      return new NetworkError(message, { cause: failure })
  }
}

import { CancelledError, type AuthError } from '../errors'
import type { Platform, TransportRequest, TransportResponse, TransportUpload } from '../platform/types'
import { runHooks, type HttpHooks } from './hooks'
import { toAuthError } from './toAuthError'
import { redactURL } from './url'

/**
 * One transport call with hooks and typed errors, shared by the request client and the session
 * manager's login/logout calls (which must not go through the expiry interceptor).
 */
export interface Sender {
  /** Runs `beforeRequest`, the transport and `afterResponse`; transport failures become `AuthError`s. */
  send(request: TransportRequest | TransportUpload, retryCount: number): Promise<TransportResponse>
  /** Runs the `onError` hooks for a failed request and returns `error`, for `throw await sender.fail(...)`. */
  fail(request: TransportRequest | TransportUpload, error: AuthError, retryCount: number): Promise<AuthError>
}

/** Tells uploads from requests: only uploads carry a file path. */
export function isUpload(request: TransportRequest | TransportUpload): request is TransportUpload {
  return 'filePath' in request
}

/** `'GET /api/me'`, for error messages; the query string is left out because it can carry secrets. */
export function describeCall(request: TransportRequest | TransportUpload): string {
  return `${isUpload(request) ? 'POST' : request.method} ${redactURL(request.url)}`
}

/** Creates a {@link Sender} over `platform` with `hooks`. */
export function createSender(platform: Platform, hooks: HttpHooks): Sender {
  return {
    async send(request, retryCount) {
      // NOTE: empty hook lists are skipped: each await is a turn of the event loop on a hot path.
      if (hooks.beforeRequest.length > 0) await runHooks(hooks.beforeRequest, { request, retryCount })
      if (request.cancel?.cancelled) throw new CancelledError(`${describeCall(request)} was cancelled`)
      let response: TransportResponse
      try {
        response = isUpload(request) ? await platform.uploadFile(request) : await platform.request(request)
      } catch (failure) {
        throw toAuthError(failure, describeCall(request))
      }
      if (hooks.afterResponse.length > 0) await runHooks(hooks.afterResponse, { request, response, retryCount })
      return response
    },
    async fail(request, error, retryCount) {
      if (hooks.onError.length > 0) await runHooks(hooks.onError, { request, error, retryCount })
      return error
    },
  }
}

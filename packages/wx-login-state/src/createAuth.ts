import { createAccountApi, type AccountApi } from './account/accountApi'
import type { RequestAccess } from './interceptor/types'
import { resolveAuthOptions, type AuthOptions } from './authOptions'
import { createBackendClient } from './backend/backendClient'
import type { BackendDescription, UserOf, UserRule } from './backend/types'
import type { Platform } from './platform/types'
import { createHttpClient } from './request/httpClient'
import type { HttpClient } from './request/types'
import { createSessionManager, type SessionManager } from './session/sessionManager'
import type { User } from './session/types'
import { createSender } from './transport/sender'

/**
 * One wired instance of the library. `U` is what `session.login()` resolves with: the `User`, or
 * `null` under a backend description without users.
 */
export interface Auth<U extends User | null = User> {
  readonly platform: Platform
  readonly session: SessionManager<U>
  readonly http: HttpClient
  readonly account: AccountApi
  /**
   * @internal What `installRequestInterceptor` and the alova / luch-request adapters share with
   * `http`: the backend, its expiry rule, where the token goes and the session's token operations.
   */
  readonly _requests: RequestAccess
}

/**
 * Creates an instance of the library: the session manager (which starts restoring the persisted
 * session at once), the request client and the account API, all sharing one platform, one
 * transport (so that the hooks see every call) and one backend description (`backend`, default the
 * reference contract), which alone says how to log in, where the token goes and what an expired
 * session looks like. Each call gives an independent instance, so tests start fresh and an app may
 * hold several. Misconfiguration throws a `TypeError` that names the option (see `AuthOptions`).
 */
export function createAuth(options: AuthOptions & { backend?: undefined }): Auth
export function createAuth<R extends UserRule>(options: AuthOptions & { backend: BackendDescription<R> }): Auth<UserOf<R>>
export function createAuth(options: AuthOptions): Auth<User | null>
export function createAuth(options: AuthOptions): Auth<User | null> {
  const resolved = resolveAuthOptions(options)
  const { platform, baseURL, endpoints } = resolved
  const sender = createSender(platform, resolved.hooks)
  const backend = createBackendClient(resolved.backend, baseURL)
  const { session, tokens } = createSessionManager({
    platform,
    sender,
    backend,
    ...(resolved.storageKey === undefined ? {} : { storageKey: resolved.storageKey }),
    ...(resolved.expiryLeewayMs === undefined ? {} : { expiryLeewayMs: resolved.expiryLeewayMs }),
    ...(resolved.timeoutMs === undefined ? {} : { timeoutMs: resolved.timeoutMs }),
    ...(resolved.autoLogin === undefined ? {} : { autoLogin: resolved.autoLogin }),
  })
  const http = createHttpClient({
    sender,
    tokens,
    baseURL,
    backend,
    ...(resolved.timeoutMs === undefined ? {} : { timeoutMs: resolved.timeoutMs }),
  })
  const _requests: RequestAccess = Object.freeze({
    baseURL: baseURL.replace(/\/+$/, ''),
    isSessionExpired: backend.isSessionExpired,
    withToken: backend.withToken,
    peekToken: () => tokens.peekToken(),
    getToken: () => tokens.getToken(),
    handleExpired: (staleToken: string) => tokens.handleExpired(staleToken),
  })
  return { platform, session, http, account: createAccountApi({ http, session, endpoints }), _requests }
}

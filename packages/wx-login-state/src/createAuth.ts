import { createAccountApi, type AccountApi } from './account/accountApi'
import type { RequestAccess } from './interceptor/types'
import { resolveAuthOptions, type AuthOptions } from './authOptions'
import type { Platform } from './platform/types'
import { createHttpClient } from './request/httpClient'
import type { ExpiryContext, HttpClient } from './request/types'
import { createSessionManager, type SessionManager } from './session/sessionManager'
import { createSender } from './transport/sender'
import { buildURL } from './transport/url'

/** One wired instance of the library. */
export interface Auth {
  readonly platform: Platform
  readonly session: SessionManager
  readonly http: HttpClient
  readonly account: AccountApi
  /**
   * @internal What `installRequestInterceptor` and the alova / luch-request adapters share with
   * `http`: the backend, its expiry rule and the session's token operations.
   */
  readonly _requests: RequestAccess
}

/**
 * Creates an instance of the library: the session manager (which starts restoring the persisted
 * session at once), the request client and the account API, all sharing one platform and one
 * transport, so that the hooks see every call. Each call gives an independent instance, so tests
 * start fresh and an app may hold several. Misconfiguration throws a `TypeError` that names the
 * option (see `AuthOptions`).
 */
export function createAuth(options: AuthOptions): Auth {
  const resolved = resolveAuthOptions(options)
  const { platform, baseURL, endpoints } = resolved
  const sender = createSender(platform, resolved.hooks)
  const { session, tokens } = createSessionManager({
    platform,
    sender,
    loginURL: buildURL(baseURL, endpoints.login),
    logoutURL: buildURL(baseURL, endpoints.logout),
    webLoginURL: buildURL(baseURL, endpoints.webLogin),
    ...(resolved.storageKey === undefined ? {} : { storageKey: resolved.storageKey }),
    ...(resolved.expiryLeewayMs === undefined ? {} : { expiryLeewayMs: resolved.expiryLeewayMs }),
    ...(resolved.timeoutMs === undefined ? {} : { timeoutMs: resolved.timeoutMs }),
    ...(resolved.autoLogin === undefined ? {} : { autoLogin: resolved.autoLogin }),
  })
  const http = createHttpClient({
    sender,
    tokens,
    baseURL,
    ...(resolved.timeoutMs === undefined ? {} : { timeoutMs: resolved.timeoutMs }),
    ...(resolved.isSessionExpired === undefined ? {} : { isSessionExpired: resolved.isSessionExpired }),
  })
  const _requests: RequestAccess = Object.freeze({
    baseURL: baseURL.replace(/\/+$/, ''),
    isSessionExpired: resolved.isSessionExpired ?? ((ctx: ExpiryContext) => ctx.status === 401),
    peekToken: () => tokens.peekToken(),
    getToken: () => tokens.getToken(),
    handleExpired: (staleToken: string) => tokens.handleExpired(staleToken),
  })
  return { platform, session, http, account: createAccountApi({ http, session, endpoints }), _requests }
}

import { LoginRequiredError, usageError } from '../errors'
import { underBaseURL } from '../interceptor/backendMatcher'
import { expiryContextOf } from '../interceptor/expiryContext'
import { isAuthTarget, type AuthTarget } from '../interceptor/types'
import type { InterceptedSuccess } from '../platform/types'
import type { Method } from 'alova'
import { roleOf, type AlovaMethodLike, type AlovaRoleHook, type AuthRoleMeta } from './methodRoles'

/**
 * What `@alova/adapter-uniapp` hands to `responded`: `uni.request`'s success result, typed here without the uni
 * typings. alova infers the real type from the instance; this is the default when it cannot.
 */
export interface AlovaUniResponse {
  statusCode: number
  /** Absent for a download (`tempFilePath` instead). */
  data?: unknown
  header?: unknown
  errMsg?: string
}

type BeforeRequest<M> = (method: M) => void | Promise<void>
type OnSuccess<M, R> = (response: R, method: M) => unknown
type OnError<M> = (error: Error, method: M) => unknown
type OnComplete<M> = (method: M) => unknown
/** alova's `responded`: one success handler, or `{ onSuccess, onError, onComplete }`. */
export type AlovaResponded<M, R = AlovaUniResponse> = OnSuccess<M, R> | { onSuccess?: OnSuccess<M, R>; onError?: OnError<M>; onComplete?: OnComplete<M> }

/** alova's `refreshTokenOnSuccess` / `refreshTokenOnError`: here only `isExpired` and `metaMatches` count (docs/library.md). */
export interface AlovaRefreshOption<T> {
  /** Whether this answer (or error) means the session expired; `createAuth`'s `isSessionExpired` still applies too. */
  isExpired?: (answer: T, method: AlovaMethodLike) => boolean | Promise<boolean>
  /** Ignored: the library's one shared re-login repairs the session (docs/library.md, "Differences from alova"). */
  handler?: (answer: T, method: AlovaMethodLike) => unknown
  /** The meta of the app's own refresh method; such methods are neither held nor repaired. Default `{ authRole: 'refreshToken' }`. */
  metaMatches?: AuthRoleMeta
}

/** Options of {@link createTokenAuthentication}: alova's own options where they map, plus `match`. */
export interface AlovaAuthOptions<R = AlovaUniResponse> {
  /** Which full request URLs get the token; default: under `createAuth`'s `baseURL`. */
  match?: (url: string) => boolean
  /** Meta of methods that go out untouched (no wait, no token, no repair). Default `{ authRole: null }`; `{ auth: false }` always counts. */
  visitorMeta?: AuthRoleMeta
  /** Runs after a successful login-role method (`meta: { authRole: 'login' }`, or its `metaMatches`), before `responded`. */
  login?: AlovaRoleHook<R>
  /** Runs after a successful logout-role method (`meta: { authRole: 'logout' }`, or its `metaMatches`), before `responded`. */
  logout?: AlovaRoleHook<R>
  /** alova's success-side expiry check: `isExpired` adds to `isSessionExpired`; `metaMatches` names the refresh method. */
  refreshTokenOnSuccess?: AlovaRefreshOption<R>
  /** alova's error-side expiry check: an error for which `isExpired` is true is repaired like an expired answer. */
  refreshTokenOnError?: AlovaRefreshOption<Error>
}

/** What {@link createTokenAuthentication} returns: the same two wrappers as alova's own token authentication. */
export interface AlovaTokenAuthentication<R0 = AlovaUniResponse> {
  /** Wraps your `beforeRequest` (optional): waits for the session, adds the token, then calls yours. */
  onAuthRequired<M extends AlovaMethodLike = Method>(beforeRequest?: BeforeRequest<M>): (method: M) => Promise<void>
  /** Wraps your `responded` (optional): login/logout hooks, and on a session expiry one shared re-login and one resend. */
  onResponseRefreshToken<M extends AlovaMethodLike = Method, R = R0>(
    responded?: AlovaResponded<M, R>,
  ): {
    /** Takes whatever alova hands over (`unknown`), so that a `responded` annotated with a narrower type still fits alova's. */
    onSuccess: (response: unknown, method: M) => Promise<unknown>
    /** NOTE: alova's types declare `void`, yet alova answers the request with what `onError` returns (the resend's result). */
    onError: (error: Error, method: M) => Promise<void>
    onComplete?: OnComplete<M>
  }
}

/**
 * The login state for alova 3 with `@alova/adapter-uniapp`, as a drop-in for alova's
 * `createServerTokenAuthentication`: the same `onAuthRequired` / `onResponseRefreshToken` wrappers and the same
 * method roles (`meta.authRole` `'login'`, `'logout'`, `'refreshToken'`, `null`; `visitorMeta`; the `login` and
 * `logout` hooks), so an app swaps one call and keeps its `beforeRequest` and `responded`. Requests for the
 * backend (`match`, default under `baseURL`) wait for the launch restore or a running login, carry the token where
 * `createAuth`'s backend description puts it (`Authorization: Bearer <token>` by default), and on a session expiry (`isSessionExpired` of `createAuth`, or alova's `isExpired` checks) run the one shared
 * re-login and are sent exactly once more; a second expiry rejects with `LoginRequiredError`.
 *
 * @example
 * ```ts
 * const { onAuthRequired, onResponseRefreshToken } = createTokenAuthentication(auth)
 * const alova = createAlova({ requestAdapter: uniappRequestAdapter, beforeRequest: onAuthRequired(), responded: onResponseRefreshToken((res) => res.data) })
 * ```
 */
export function createTokenAuthentication<R0 = AlovaUniResponse>(auth: AuthTarget, options: AlovaAuthOptions<R0> = {}): AlovaTokenAuthentication<R0> {
  if (!isAuthTarget(auth)) throw usageError('createTokenAuthentication(auth) needs the object createAuth() returned')
  const match = options.match ?? underBaseURL(auth._requests.baseURL)
  const { isSessionExpired } = auth._requests
  // NOTE: alova sends clones of a method, so the token it went out with and the resend mark ride
  // on its config (copied into every clone), not on the method's identity.
  const SENT_WITH = '__wxLoginStateToken'
  const RESENT = '__wxLoginStateResent'
  const marks = (method: AlovaMethodLike) => method.config as Record<string, unknown>
  const refreshMetas = [options.refreshTokenOnSuccess?.metaMatches, options.refreshTokenOnError?.metaMatches]
  const role = (method: AlovaMethodLike) => roleOf(method, { visitorMeta: options.visitorMeta, login: options.login, logout: options.logout, refreshMetas })
  const forBackend = (method: AlovaMethodLike): boolean => {
    const absolute = /^[a-z][a-z\d+.-]*:\/\//i.test(method.url)
    return match(absolute ? method.url : `${(method.baseURL ?? '').replace(/\/+$/, '')}/${method.url.replace(/^\/+/, '')}`)
  }
  /** Where the token goes on a method: one place, so that another placement is one change. */
  const placeToken = (method: AlovaMethodLike, token: string): void => {
    method.config.headers = auth._requests.withToken(method.config.headers, token)
  }
  /** The shared re-login, then the one resend, which runs the whole chain (the app's handlers included). */
  const repair = async (method: AlovaMethodLike, token: string): Promise<unknown> => {
    if (marks(method)[RESENT] === true) throw new LoginRequiredError(`${method.url} failed: the session expired again right after a re-login`)
    await auth._requests.handleExpired(token)
    // The resend comes back transformed; like alova's own token authentication, the outer pass must not
    // transform it a second time.
    const { transform } = method.config
    method.config.transform = undefined
    marks(method)[RESENT] = true
    try {
      return await method.send(true)
    } finally {
      delete marks(method)[RESENT]
      method.config.transform = transform
    }
  }
  const runHook = async (hook: AlovaRoleHook<R0> | undefined, response: unknown, method: AlovaMethodLike) => {
    const handler = typeof hook === 'function' ? hook : hook?.handler
    await handler?.(response as R0, method)
  }

  return {
    onAuthRequired(beforeRequest) {
      return async (method) => {
        const kind = role(method)
        if (kind === 'authenticated' || kind === 'logout') {
          if (forBackend(method)) {
            const token = auth._requests.peekToken() ?? (await auth._requests.getToken())
            marks(method)[SENT_WITH] = token
            placeToken(method, token)
          }
        } else if (kind === 'refreshToken' && forBackend(method)) {
          // Like alova: the refresh method neither waits nor is repaired, but carries the token it has.
          const token = auth._requests.peekToken()
          if (token !== undefined) placeToken(method, token)
        }
        await beforeRequest?.(method)
      }
    },
    onResponseRefreshToken<M extends AlovaMethodLike = Method, R = R0>(responded?: AlovaResponded<M, R>) {
      const handlers = typeof responded === 'function' ? { onSuccess: responded } : (responded ?? {})
      const next = handlers.onSuccess ?? ((response: R) => response)
      const expiredAnswer = async (response: R, method: M): Promise<boolean> =>
        isSessionExpired(expiryContextOf(response as InterceptedSuccess)) || (await options.refreshTokenOnSuccess?.isExpired?.(response as unknown as R0, method)) === true
      return {
        ...(handlers.onComplete ? { onComplete: handlers.onComplete } : {}),
        async onSuccess(answer: unknown, method: M) {
          const response = answer as R
          const token = marks(method)[SENT_WITH]
          const kind = role(method)
          if (typeof token === 'string' && (kind === 'authenticated' || kind === 'logout') && forBackend(method) && (await expiredAnswer(response, method))) {
            return repair(method, token)
          }
          if (kind === 'login') await runHook(options.login, response, method)
          if (kind === 'logout') await runHook(options.logout, response, method)
          return next(response, method)
        },
        onError: (async (error: Error, method: M): Promise<unknown> => {
          const token = marks(method)[SENT_WITH]
          const isExpired = options.refreshTokenOnError?.isExpired
          if (typeof token === 'string' && isExpired !== undefined && role(method) === 'authenticated' && forBackend(method) && (await isExpired(error, method))) {
            return repair(method, token)
          }
          if (handlers.onError) return handlers.onError(error, method)
          throw error
        }) as (error: Error, method: M) => Promise<void>,
      }
    },
  }
}

import { LoginRequiredError, usageError } from '../errors'
import { underBaseURL } from '../interceptor/backendMatcher'
import { expiryContextOf } from '../interceptor/expiryContext'
import { isAuthTarget, type AuthTarget } from '../interceptor/types'
import type { InterceptedSuccess } from '../platform/types'

/**
 * The part of an alova 3 `Method` the adapter uses, typed structurally so that the library does not
 * depend on alova's generics (or on alova at all, at run time).
 */
export interface AlovaMethodLike {
  url: string
  baseURL: string
  meta?: unknown
  config: { headers: Record<string, unknown>; transform?: unknown }
  send(forceRequest?: boolean): Promise<unknown>
}

type BeforeRequest<M> = (method: M) => void | Promise<void>
type OnSuccess<M> = (response: never, method: M) => unknown
type OnError<M> = (error: never, method: M) => unknown
type OnComplete<M> = (method: M) => unknown
type ResponseRest<M> = { onError?: (error: unknown, method: M) => void | Promise<void>; onComplete?: (method: M) => void | Promise<void> }
/** alova's `responded`: one success handler, or `{ onSuccess, onError, onComplete }`. */
export type AlovaResponded<M> = OnSuccess<M> | { onSuccess?: OnSuccess<M>; onError?: OnError<M>; onComplete?: OnComplete<M> }

/** Options of {@link createTokenAuthentication}. */
export interface AlovaAuthOptions {
  /** Which full request URLs get the token; default: under `createAuth`'s `baseURL`. */
  match?: (url: string) => boolean
}

/** What {@link createTokenAuthentication} returns: the same two wrappers as alova's own token authentication. */
export interface AlovaTokenAuthentication {
  /** Wraps your `beforeRequest` (optional): waits for the session, adds the token, then calls yours. */
  onAuthRequired<M extends AlovaMethodLike>(beforeRequest?: BeforeRequest<M>): (method: M) => Promise<void>
  /** Wraps your `responded` (optional): on a session expiry, one shared re-login and one resend. */
  onResponseRefreshToken<M extends AlovaMethodLike>(
    responded?: AlovaResponded<M>,
  ): { onSuccess: (response: unknown, method: M) => Promise<unknown> } & ResponseRest<M>
}

/**
 * The login state for alova 3 with `@alova/adapter-uniapp`, as a drop-in for alova's
 * `createServerTokenAuthentication`: the same `onAuthRequired` / `onResponseRefreshToken` wrappers,
 * so an app swaps one call and keeps its `beforeRequest` and `responded`. Requests for the backend
 * (`match`, default under `baseURL`) wait for the launch restore or a running login, carry
 * the token where `createAuth`'s backend description puts it (`Authorization: Bearer <token>` by default), and on a session expiry (`isSessionExpired` of `createAuth`) run
 * the one shared re-login and are sent exactly once more; a second expiry rejects with
 * `LoginRequiredError`. Methods with `meta: { auth: false }` (or alova's visitor meta
 * `{ authRole: null }`) go out untouched.
 */
export function createTokenAuthentication(auth: AuthTarget, options: AlovaAuthOptions = {}): AlovaTokenAuthentication {
  if (!isAuthTarget(auth)) throw usageError('createTokenAuthentication(auth) needs the object createAuth() returned')
  const match = options.match ?? underBaseURL(auth._requests.baseURL)
  const { isSessionExpired } = auth._requests
  // NOTE: alova sends clones of a method, so the token it went out with and the resend mark ride
  // on its config (copied into every clone), not on the method's identity.
  const SENT_WITH = '__wxLoginStateToken'
  const RESENT = '__wxLoginStateResent'

  const marks = (method: AlovaMethodLike) => method.config as Record<string, unknown>
  const owned = (method: AlovaMethodLike): boolean => {
    const meta = method.meta as { auth?: unknown; authRole?: unknown } | undefined
    if (meta && (meta.auth === false || meta.authRole === null)) return false
    const absolute = /^[a-z][a-z\d+.-]*:\/\//i.test(method.url)
    return match(absolute ? method.url : `${(method.baseURL ?? '').replace(/\/+$/, '')}/${method.url.replace(/^\/+/, '')}`)
  }

  return {
    onAuthRequired(beforeRequest) {
      return async (method) => {
        if (owned(method)) {
          const token = auth._requests.peekToken() ?? (await auth._requests.getToken())
          marks(method)[SENT_WITH] = token
          method.config.headers = auth._requests.withToken(method.config.headers, token)
        }
        await beforeRequest?.(method)
      }
    },
    onResponseRefreshToken<M extends AlovaMethodLike>(responded?: AlovaResponded<M>) {
      const handlers = typeof responded === 'function' ? { onSuccess: responded } : (responded ?? {})
      const next = handlers.onSuccess ?? ((response: unknown) => response)
      return {
        ...(handlers as ResponseRest<M>),
        async onSuccess(response: unknown, method: M) {
          const token = marks(method)[SENT_WITH]
          if (typeof token === 'string' && owned(method) && isSessionExpired(expiryContextOf(response as InterceptedSuccess))) {
            if (marks(method)[RESENT] === true) throw new LoginRequiredError(`${method.url} failed: the session expired again right after a re-login`)
            await auth._requests.handleExpired(token)
            // The resend runs the whole chain (yours included) and comes back transformed; like alova's
            // own token authentication, the outer pass must not transform it a second time.
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
          return next(response as never, method)
        },
      }
    },
  }
}

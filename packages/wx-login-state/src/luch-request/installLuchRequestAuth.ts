import type { HttpRequestAbstract } from 'luch-request'
import { LoginRequiredError, usageError } from '../errors'
import { underBaseURL } from '../interceptor/backendMatcher'
import { expiryContextOf } from '../interceptor/expiryContext'
import { isAuthTarget, type AuthTarget } from '../interceptor/types'
import type { InterceptedSuccess } from '../platform/types'

/** The part of a luch-request config the adapter uses. */
export interface LuchConfigLike {
  baseURL?: string
  url?: string
  header?: Record<string, unknown>
  custom?: Record<string, unknown>
}

/** The part of a luch-request response (or rejected response) the adapter uses. */
export interface LuchResponseLike {
  statusCode?: number
  data?: unknown
  header?: Record<string, unknown>
  config?: LuchConfigLike
}

/**
 * The part of a luch-request instance the adapter uses, as it behaves at run time (its typings say
 * `use()` returns nothing; it returns the id that `eject()` takes).
 */
export interface LuchRequestLike {
  interceptors: {
    request: { use(fulfilled: (config: never) => unknown, rejected?: (error: never) => unknown): number; eject(id: number): void }
    response: { use(fulfilled: (response: never) => unknown, rejected?: (error: never) => unknown): number; eject(id: number): void }
  }
  request(config: never): Promise<unknown>
}

/** Options of {@link installLuchRequestAuth}. */
export interface LuchAuthOptions {
  /** Which full request URLs get the token; default: under `createAuth`'s `baseURL`. */
  match?: (url: string) => boolean
}

// Marks the resend after a re-login in `custom`, which luch-request carries through untouched.
const RESENT = '__wxLoginStateResent'
const SENT_WITH = '__wxLoginStateToken'

/**
 * The login state for a luch-request instance: adds a request interceptor (waits for the restore or
 * a running login, adds the token where `createAuth`'s backend description puts it (`Authorization:
 * Bearer <token>` by default) to URLs under `createAuth`'s `baseURL` or
 * `match`) and a response interceptor (on a session expiry, 401 by default whether luch-request
 * rejected it or not, the one shared re-login and exactly one resend; a second expiry rejects with
 * `LoginRequiredError`). Calls with `custom: { auth: false }` go out untouched. Install it right after
 * creating the instance, before the app's own interceptors: luch-request runs the first response
 * interceptor first, so ours sees the raw answer, and the resend goes out through a bare instance
 * with the config exactly as it was sent, so the app's interceptors handle the final answer once.
 * Returns a function that ejects both interceptors.
 */
export function installLuchRequestAuth(instance: HttpRequestAbstract, auth: AuthTarget, options: LuchAuthOptions = {}): () => void {
  const http = instance as unknown as LuchRequestLike
  if (!isAuthTarget(auth)) throw usageError('installLuchRequestAuth(http, auth) needs the object createAuth() returned')
  if (typeof http !== 'object' || http === null || typeof http.interceptors?.request?.use !== 'function') {
    throw usageError('installLuchRequestAuth(http, auth) needs a luch-request instance (new Request())')
  }
  const match = options.match ?? underBaseURL(auth._requests.baseURL)
  const { isSessionExpired } = auth._requests
  let bare: LuchRequestLike | undefined
  const bareInstance = (): LuchRequestLike => {
    const Ctor = (http as unknown as { constructor: new (config: LuchConfigLike) => LuchRequestLike }).constructor
    return (bare ??= new Ctor({}))
  }

  const fullURL = (config: LuchConfigLike): string => {
    const url = config.url ?? ''
    if (/^[a-z][a-z\d+.-]*:\/\//i.test(url)) return url
    return `${(config.baseURL ?? '').replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`
  }
  const owned = (config: LuchConfigLike | undefined): config is LuchConfigLike =>
    config !== undefined && config.custom?.auth !== false && match(fullURL(config))

  async function onRequest(config: LuchConfigLike): Promise<LuchConfigLike> {
    if (!owned(config) || config.custom?.[RESENT] === true) return config
    const token = auth._requests.peekToken() ?? (await auth._requests.getToken())
    config.custom = { ...config.custom, [SENT_WITH]: token }
    config.header = auth._requests.withToken(config.header, token)
    return config
  }

  const expiredAnswer = (response: LuchResponseLike | undefined): boolean =>
    typeof response === 'object' && response !== null && owned(response.config) && typeof response.statusCode === 'number' &&
    isSessionExpired(expiryContextOf(response as InterceptedSuccess))
  const expiredAgain = (config: LuchConfigLike) => new LoginRequiredError(`${fullURL(config)} failed: the session expired again right after a re-login`)

  async function repair(response: LuchResponseLike, rejected: boolean): Promise<unknown> {
    if (!expiredAnswer(response)) {
      if (rejected) throw response
      return response
    }
    const config = response.config as LuchConfigLike
    if (config.custom?.[RESENT] === true) throw expiredAgain(config)
    const token = await auth._requests.handleExpired(String(config.custom?.[SENT_WITH] ?? ''))
    const resend: LuchConfigLike = {
      ...config,
      header: auth._requests.withToken(config.header, token),
      custom: { ...config.custom, [RESENT]: true, [SENT_WITH]: token },
    }
    // The bare instance has no interceptors, so the resend's own expiry is checked here.
    let answer: unknown
    try {
      answer = await bareInstance().request(resend as never)
    } catch (failure) {
      throw expiredAnswer(failure as LuchResponseLike) ? expiredAgain(config) : failure
    }
    if (expiredAnswer(answer as LuchResponseLike)) throw expiredAgain(config)
    return answer
  }

  const requestId = http.interceptors.request.use(onRequest as (config: never) => unknown)
  const responseId = http.interceptors.response.use(
    ((response: LuchResponseLike) => repair(response, false)) as (response: never) => unknown,
    ((response: LuchResponseLike) => repair(response, true)) as (response: never) => unknown,
  )
  let ejected = false
  return () => {
    if (ejected) return
    ejected = true
    http.interceptors.request.eject(requestId)
    http.interceptors.response.eject(responseId)
  }
}

import { UnsupportedPlatformError, usageError } from '../errors'
import type { ApiInterceptor, InterceptedApi, InterceptedCall, InterceptedTask } from '../platform/types'
import { underBaseURL } from './backendMatcher'
import { interceptCall } from './interceptCall'
import { isAuthTarget, type AuthTarget } from './types'

/** Options of {@link installRequestInterceptor}. */
export interface RequestInterceptorOptions {
  /**
   * Which request URLs get the token and the expiry handling. Default: URLs under the `baseURL`
   * given to `createAuth` (on a path boundary). Every other URL goes out untouched.
   */
  match?: (url: string) => boolean
}

/**
 * The per-call opt-out: `uni.request({ url, auth: false })` sends a request for the backend without
 * the token and without expiry handling (a public endpoint). The field is removed before sending.
 */
export interface PublicCallOption {
  auth?: boolean
}

const APIS: readonly InterceptedApi[] = ['request', 'uploadFile']

/**
 * Makes the app's own `uni.request` and `uni.uploadFile` calls to the backend carry the session:
 * adds the token where `createAuth`'s backend description puts it (`Authorization: Bearer <token>` by
 * default) to the URLs `match` accepts (by default those under
 * `createAuth`'s `baseURL`; third-party hosts never see the token, and `auth: false` calls go out
 * untouched); holds calls made while the session is restored at launch or a login runs, and logs in
 * first when there is no session and silent login is allowed; on a session expiry runs the one
 * shared re-login and sends the call exactly once more. Callbacks (`success`/`fail`/`complete`, each
 * once, with WeChat's result shapes) and promises (`await uni.request(...)`) both work; a failure of
 * the library reaches `fail` as `{ errMsg, error }` with the typed error. Returns the uninstall
 * function; a second install on the same runtime throws until the first is uninstalled.
 */
export function installRequestInterceptor(auth: AuthTarget, options: RequestInterceptorOptions = {}): () => void {
  if (!isAuthTarget(auth)) throw usageError('installRequestInterceptor(auth) needs the object createAuth() returned')
  if (options.match !== undefined && typeof options.match !== 'function') {
    throw usageError('installRequestInterceptor(): options.match must be a function (url) => boolean')
  }
  const primitive = auth.platform.interceptors
  if (!primitive) {
    throw new UnsupportedPlatformError('installRequestInterceptor(): this platform has no uni.request to intercept; use createUniPlatform()')
  }
  const match = options.match ?? underBaseURL(auth._requests.baseURL)
  const removers: Array<() => void> = []
  for (const api of APIS) {
    const remove = primitive.add(api, apiInterceptor(auth, api, match))
    if (!remove) {
      for (const r of removers) r()
      throw usageError(
        `installRequestInterceptor(): uni.${api} already has this library's interceptor; call the uninstall function the first install returned before installing again`,
      )
    }
    removers.push(remove)
  }
  return () => {
    for (const remove of removers.splice(0)) remove()
  }
}

function apiInterceptor(auth: AuthTarget, api: InterceptedApi, match: (url: string) => boolean): ApiInterceptor {
  const ctx = { api, tokens: auth._requests, primitive: auth.platform.interceptors!, isSessionExpired: auth._requests.isSessionExpired, withToken: auth._requests.withToken }
  // uni runs `returnValue` synchronously right after `invoke` within the same call, so what the call
  // needs of its returned value is handed over through these slots: the stand-in task of a stopped
  // call, or the hook that routes the runtime's own task of a call sent at once.
  let standIn: InterceptedTask | undefined
  let adopt: ((task: unknown) => void) | undefined
  return {
    invoke(call: InterceptedCall) {
      standIn = undefined
      adopt = undefined
      const optOut = call.auth
      if ('auth' in call) delete call.auth
      if (optOut === false || typeof call.url !== 'string' || !match(call.url)) return undefined
      const outcome = interceptCall(ctx, call)
      if (!outcome.stopped) {
        adopt = outcome.adopt
        return undefined
      }
      standIn = outcome.task
      // Synchronous `false` is the one way to stop a call that every uni version honours.
      return false
    },
    returnValue(value: unknown) {
      const task = standIn
      const adoptTask = adopt
      standIn = undefined
      adopt = undefined
      // Promise style keeps its promise; callback style gets the stand-in instead of nothing.
      if (isThenable(value)) return value
      if (task === undefined) {
        adoptTask?.(value)
        return value
      }
      return task
    },
  }
}

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
}

// Lets `uni.request({ url, auth: false })` type-check in apps that use uni's typings.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace UniNamespace {
    interface RequestOptions {
      /** `false`: a public call to the backend, sent without the token (see installRequestInterceptor). */
      auth?: boolean
    }
    interface UploadFileOption {
      auth?: boolean
    }
  }
}

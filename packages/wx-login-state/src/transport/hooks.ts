import { usageError, type AuthError } from '../errors'
import type { TransportRequest, TransportResponse, TransportUpload } from '../platform/types'

/** What `beforeRequest` hooks receive. `request` is mutable: add headers, change the timeout. */
export interface BeforeRequestContext {
  request: TransportRequest | TransportUpload
  /** 0 for the first attempt, 1 for the retry after a re-login. */
  retryCount: number
}

/** What `afterResponse` hooks receive, for every HTTP answer (2xx or not) before it is interpreted. */
export interface AfterResponseContext {
  request: TransportRequest | TransportUpload
  response: TransportResponse
  retryCount: number
}

/**
 * What `onError` hooks receive, once per failed `request`/`upload`, with the typed error it rejects
 * with. A failed login reaches them through each request that waited for it.
 */
export interface ErrorContext {
  request: TransportRequest | TransportUpload
  error: AuthError
  retryCount: number
}

/**
 * Hooks of the request client: arrays of (possibly async) functions run in order, each receiving one
 * context object. A hook that throws rejects the call with what it threw. `beforeRequest` and
 * `afterResponse` also run for the library's own login and logout calls, so that e.g. an app-version
 * header reaches every endpoint; `onError` runs for `request`/`upload` only.
 *
 * @example
 * ```ts
 * createAuth({ platform, baseURL, hooks: {
 *   beforeRequest: [({ request }) => { request.headers['X-App-Version'] = '1.2.0' }],
 *   afterResponse: [({ request, response }) => log(request.url, response.status)],
 *   onError: [({ error }) => { if (error.code === 'network') showOfflineBanner() }],
 * } })
 * ```
 */
export interface HttpHooks {
  beforeRequest: Array<(ctx: BeforeRequestContext) => void | Promise<void>>
  afterResponse: Array<(ctx: AfterResponseContext) => void | Promise<void>>
  onError: Array<(ctx: ErrorContext) => void | Promise<void>>
}

/**
 * Normalises the user's partial hooks into full arrays, rejecting anything that is not an array of
 * functions with a `TypeError` that names the hook.
 */
export function normaliseHooks(hooks: Partial<HttpHooks> = {}): HttpHooks {
  const out: HttpHooks = { beforeRequest: [], afterResponse: [], onError: [] }
  for (const name of ['beforeRequest', 'afterResponse', 'onError'] as const) {
    const list: unknown = hooks[name]
    if (list === undefined) continue
    if (!Array.isArray(list) || list.some((fn) => typeof fn !== 'function')) {
      throw usageError(`createAuth(): hooks.${name} must be an array of functions`)
    }
    // Copied so that later mutation of the caller's array does not change a running client.
    out[name] = [...list] as never
  }
  return out
}

/** Runs `hooks` one after another with `ctx`, awaiting each. */
export async function runHooks<C>(hooks: ReadonlyArray<(ctx: C) => void | Promise<void>>, ctx: C): Promise<void> {
  for (const hook of hooks) await hook(ctx)
}

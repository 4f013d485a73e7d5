import { WechatError } from './wechatError'
import type { WechatApi, WechatErrorKind } from './wechatError'

/** The transport options every WeChat API client of this server shares. */
export interface WechatHttpOptions {
  /** Base URL of the WeChat API, read on every call (the emulator's port is only known after listen). */
  apiBase: () => string
  /** Per-attempt timeout. */
  timeoutMs: number
  /** Delay before the one retry after errcode -1. Default 200 ms. */
  retryDelayMs?: number
  /** The transport; defaults to the global fetch. Tests pass a recording wrapper. */
  fetch?: typeof fetch
  /** Waits between attempts; tests pass an instant one. */
  sleep?: (ms: number) => Promise<void>
}

/** A successful WeChat answer: a JSON object whose errcode is absent or 0. */
export type WechatJson = Record<string, unknown>

/** Calls one WeChat API; see {@link createWechatHttp}. */
export interface WechatHttp {
  /** `GET`s (no `init`) or sends `init` to `<apiBase><path>[?<query>]`; resolves the answer or throws a WechatError. */
  call(api: WechatApi, path: string, query: URLSearchParams, init?: RequestInit): Promise<WechatJson>
  /** The error for a success of the wrong shape, so callers never see half-valid data. */
  wrongShape(api: WechatApi, what: string): WechatError
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is WechatJson {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** True for a string with at least one character. */
export function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== ''
}

/**
 * Creates the one HTTP path of every WeChat API call, on the global fetch: a timeout per attempt
 * (`AbortSignal.timeout`), errcode -1 ("system busy") retried once after a short jittered delay, everything else
 * failing at once as a {@link WechatError} whose kind `classify` gives (the mini program's APIs and the web OAuth
 * APIs read some errcodes differently). WeChat answers errors with HTTP 200 and an errcode, so an errcode wins
 * over the status. Nothing here logs: the URLs carry the secret, codes and access tokens.
 */
export function createWechatHttp(options: WechatHttpOptions, classify: (errcode: number) => WechatErrorKind): WechatHttp {
  const doFetch = options.fetch ?? fetch
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const retryDelayMs = options.retryDelayMs ?? 200

  async function attempt(api: WechatApi, url: string, init: RequestInit): Promise<WechatJson> {
    let response: Response
    try {
      response = await doFetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) })
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
      throw new WechatError(api, 'unavailable', undefined, timedOut ? `no answer within ${options.timeoutMs} ms` : 'network error', {
        cause: error,
      })
    }
    let body: unknown
    try {
      body = await response.json()
    } catch (error) {
      throw new WechatError(api, 'unavailable', undefined, `HTTP ${response.status} with a non-JSON body`, { cause: error })
    }
    if (!isJsonObject(body)) throw new WechatError(api, 'unavailable', undefined, `HTTP ${response.status}, not a JSON object`)
    const { errcode } = body
    if (typeof errcode === 'number' && errcode !== 0) throw new WechatError(api, classify(errcode), errcode, 'WeChat returned an error')
    if (!response.ok) throw new WechatError(api, 'unavailable', undefined, `HTTP ${response.status}`)
    if (errcode !== undefined && errcode !== 0) throw new WechatError(api, 'unavailable', undefined, 'errcode is not a number')
    return body
  }

  return {
    async call(api, path, query, init = { method: 'GET' }) {
      let base: string
      try {
        base = options.apiBase()
      } catch (error) {
        throw new WechatError(api, 'unavailable', undefined, 'no WeChat API base URL', { cause: error })
      }
      const search = query.toString()
      const url = search === '' ? `${base}${path}` : `${base}${path}?${search}`
      try {
        return await attempt(api, url, init)
      } catch (error) {
        if (!(error instanceof WechatError) || error.kind !== 'busy') throw error
        // One retry only: -1 is transient, but a second -1 means WeChat is struggling and the user is waiting.
        await sleep(retryDelayMs + Math.floor(Math.random() * retryDelayMs))
        return attempt(api, url, init)
      }
    },
    wrongShape(api, what) {
      return new WechatError(api, 'unavailable', undefined, `unexpected answer: ${what}`)
    },
  }
}

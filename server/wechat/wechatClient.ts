import { classifyErrcode, WechatError } from './wechatError'
import type { WechatApi } from './wechatError'

/** Options of {@link createWechatClient}. */
export interface WechatClientOptions {
  /** Base URL of the WeChat API, read on every call (the emulator's port is only known after listen). */
  apiBase: () => string
  appid: string
  secret: string
  /** Per-attempt timeout. */
  timeoutMs: number
  /** Delay before the one retry after errcode -1. Default 200 ms. */
  retryDelayMs?: number
  /** The transport; defaults to the global fetch. Tests pass a recording wrapper. */
  fetch?: typeof fetch
  /** Waits between attempts; tests pass an instant one. */
  sleep?: (ms: number) => Promise<void>
}

/** What code2Session returns on success. */
export interface Code2SessionResult {
  openid: string
  sessionKey: string
  unionid?: string
}

/** What stable_token returns on success. */
export interface StableTokenResult {
  accessToken: string
  expiresInSec: number
}

/** What getuserphonenumber returns on success; `countryCode` arrives as a number and is kept as a string. */
export interface PhoneNumberResult {
  phoneNumber: string
  purePhoneNumber: string
  countryCode: string
}

/** The server-side WeChat API calls this server needs; every failure is a {@link WechatError}. */
export interface WechatClient {
  code2Session(code: string): Promise<Code2SessionResult>
  fetchStableToken(): Promise<StableTokenResult>
  /** `openid` binds the code to the caller: a code obtained by someone else is refused (40003). */
  getPhoneNumber(code: string, accessToken: string, openid?: string): Promise<PhoneNumberResult>
}

type Json = Record<string, unknown>

function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== ''
}

/**
 * Creates the HTTP client for WeChat's server APIs on the global fetch, with a timeout per attempt
 * (AbortSignal.timeout). Errcode -1 ("system busy") is retried once after a short delay; everything else fails
 * at once, already classified. Absent or zero errcode means success, and a success body of the wrong shape counts
 * as `unavailable`, so callers never see half-valid data.
 */
export function createWechatClient(options: WechatClientOptions): WechatClient {
  const doFetch = options.fetch ?? fetch
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const retryDelayMs = options.retryDelayMs ?? 200

  async function attempt(api: WechatApi, url: string, init: RequestInit): Promise<Json> {
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
    // WeChat answers errors with HTTP 200 and an errcode; an errcode wins over the status when both are present.
    if (typeof errcode === 'number' && errcode !== 0) {
      throw new WechatError(api, classifyErrcode(errcode), errcode, 'WeChat returned an error')
    }
    if (!response.ok) throw new WechatError(api, 'unavailable', undefined, `HTTP ${response.status}`)
    if (errcode !== undefined && errcode !== 0) throw new WechatError(api, 'unavailable', undefined, 'errcode is not a number')
    return body
  }

  async function call(api: WechatApi, url: string, init: RequestInit): Promise<Json> {
    try {
      return await attempt(api, url, init)
    } catch (error) {
      if (!(error instanceof WechatError) || error.kind !== 'busy') throw error
      // One retry only: -1 is transient, but a second -1 means WeChat is struggling and the user is waiting.
      await sleep(retryDelayMs + Math.floor(Math.random() * retryDelayMs))
      return attempt(api, url, init)
    }
  }

  function base(api: WechatApi): string {
    try {
      return options.apiBase()
    } catch (error) {
      throw new WechatError(api, 'unavailable', undefined, 'no WeChat API base URL', { cause: error })
    }
  }

  function wrongShape(api: WechatApi, what: string): WechatError {
    return new WechatError(api, 'unavailable', undefined, `unexpected answer: ${what}`)
  }

  return {
    async code2Session(code) {
      const query = new URLSearchParams({
        appid: options.appid,
        secret: options.secret,
        js_code: code,
        grant_type: 'authorization_code',
      })
      const body = await call('jscode2session', `${base('jscode2session')}/sns/jscode2session?${query}`, { method: 'GET' })
      const { openid, session_key: sessionKey, unionid } = body
      if (!nonEmptyString(openid) || !nonEmptyString(sessionKey)) throw wrongShape('jscode2session', 'no openid or session_key')
      if (unionid !== undefined && !nonEmptyString(unionid)) throw wrongShape('jscode2session', 'unionid is not a string')
      return unionid === undefined ? { openid, sessionKey } : { openid, sessionKey, unionid }
    },

    async fetchStableToken() {
      // force_refresh is never set: forcing invalidates the token every other instance is using.
      const body = await call('stable_token', `${base('stable_token')}/cgi-bin/stable_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: options.appid, secret: options.secret }),
      }).catch((error: unknown) => {
        // On the token endpoint itself, "invalid credential" means our AppSecret is wrong.
        if (error instanceof WechatError && error.kind === 'access_token_invalid') {
          throw new WechatError('stable_token', 'misconfigured', error.errcode, 'the AppSecret was rejected')
        }
        throw error
      })
      const { access_token: accessToken, expires_in: expiresInSec } = body
      if (!nonEmptyString(accessToken) || typeof expiresInSec !== 'number' || !(expiresInSec > 0)) {
        throw wrongShape('stable_token', 'no access_token or expires_in')
      }
      return { accessToken, expiresInSec }
    },

    async getPhoneNumber(code, accessToken, openid) {
      const query = new URLSearchParams({ access_token: accessToken })
      const body = await call('getuserphonenumber', `${base('getuserphonenumber')}/wxa/business/getuserphonenumber?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(openid === undefined ? { code } : { code, openid }),
      })
      const info = body.phone_info
      if (!isJsonObject(info)) throw wrongShape('getuserphonenumber', 'no phone_info')
      const { phoneNumber, purePhoneNumber, countryCode } = info
      const country = typeof countryCode === 'number' ? String(countryCode) : countryCode
      if (!nonEmptyString(purePhoneNumber) || !nonEmptyString(country)) {
        throw wrongShape('getuserphonenumber', 'no purePhoneNumber or countryCode')
      }
      return { phoneNumber: nonEmptyString(phoneNumber) ? phoneNumber : purePhoneNumber, purePhoneNumber, countryCode: country }
    },
  }
}

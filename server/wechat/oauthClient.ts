import { classifyOauthErrcode } from './oauthErrcode'
import { WechatError } from './wechatError'
import type { WechatApi } from './wechatError'

/** Options of {@link createOauthClient}: the official account's credentials and the same knobs as the mini program's client. */
export interface OauthClientOptions {
  /** Base URL of the WeChat API, read on every call. */
  apiBase: () => string
  /** The official account's appid and AppSecret (not the mini program's). */
  appid: string
  secret: string
  timeoutMs: number
  /** Delay before the one retry after errcode -1. Default 200 ms. */
  retryDelayMs?: number
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
}

/** What `sns/oauth2/access_token` returns. The web access token is for this server's next call only. */
export interface OauthGrant {
  accessToken: string
  openid: string
  /** The scopes the user granted, e.g. `['snsapi_userinfo']`. */
  scopes: string[]
  /** Only sent for `snsapi_userinfo`. */
  unionid?: string
}

/** What `sns/userinfo` returns, reduced to what the server keeps. */
export interface OauthUserInfo {
  openid: string
  nickname: string
  /** `''` when the user has no avatar. */
  headimgurl: string
  unionid?: string
}

/** The web OAuth calls of the official account; every failure is a {@link WechatError}. */
export interface OauthClient {
  exchangeCode(code: string): Promise<OauthGrant>
  fetchUserInfo(accessToken: string, openid: string): Promise<OauthUserInfo>
}

type Json = Record<string, unknown>

function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== ''
}

/**
 * Creates the client for WeChat's web OAuth (公众号网页授权) on the global fetch: the code exchange and the user
 * info call, with a timeout per attempt and one retry after errcode -1, like the mini program's client. Errcodes are
 * classified by {@link classifyOauthErrcode}; a success of the wrong shape counts as `unavailable`. Nothing here
 * logs: the URLs carry the secret, the code and the web access token.
 */
export function createOauthClient(options: OauthClientOptions): OauthClient {
  const doFetch = options.fetch ?? fetch
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const retryDelayMs = options.retryDelayMs ?? 200

  async function attempt(api: WechatApi, url: string): Promise<Json> {
    let response: Response
    try {
      response = await doFetch(url, { method: 'GET', signal: AbortSignal.timeout(options.timeoutMs) })
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
    if (typeof errcode === 'number' && errcode !== 0) {
      throw new WechatError(api, classifyOauthErrcode(errcode), errcode, 'WeChat returned an error')
    }
    if (!response.ok) throw new WechatError(api, 'unavailable', undefined, `HTTP ${response.status}`)
    if (errcode !== undefined && errcode !== 0) throw new WechatError(api, 'unavailable', undefined, 'errcode is not a number')
    return body
  }

  async function call(api: WechatApi, path: string, query: URLSearchParams): Promise<Json> {
    let base: string
    try {
      base = options.apiBase()
    } catch (error) {
      throw new WechatError(api, 'unavailable', undefined, 'no WeChat API base URL', { cause: error })
    }
    const url = `${base}${path}?${query}`
    try {
      return await attempt(api, url)
    } catch (error) {
      if (!(error instanceof WechatError) || error.kind !== 'busy') throw error
      // One retry only, as for code2Session: a second -1 means WeChat is struggling and the user is waiting.
      await sleep(retryDelayMs + Math.floor(Math.random() * retryDelayMs))
      return attempt(api, url)
    }
  }

  function wrongShape(api: WechatApi, what: string): WechatError {
    return new WechatError(api, 'unavailable', undefined, `unexpected answer: ${what}`)
  }

  return {
    async exchangeCode(code) {
      const query = new URLSearchParams({ appid: options.appid, secret: options.secret, code, grant_type: 'authorization_code' })
      const body = await call('oauth2_access_token', '/sns/oauth2/access_token', query)
      const { access_token: accessToken, openid, scope, unionid } = body
      if (!nonEmptyString(accessToken) || !nonEmptyString(openid)) throw wrongShape('oauth2_access_token', 'no access_token or openid')
      if (unionid !== undefined && !nonEmptyString(unionid)) throw wrongShape('oauth2_access_token', 'unionid is not a string')
      const scopes = typeof scope === 'string' ? scope.split(',').map((s) => s.trim()).filter((s) => s !== '') : []
      return unionid === undefined ? { accessToken, openid, scopes } : { accessToken, openid, scopes, unionid }
    },

    async fetchUserInfo(accessToken, openid) {
      const query = new URLSearchParams({ access_token: accessToken, openid, lang: 'zh_CN' })
      const body = await call('sns_userinfo', '/sns/userinfo', query)
      const { openid: who, nickname, headimgurl, unionid } = body
      if (who !== openid) throw wrongShape('sns_userinfo', 'the openid does not match')
      if (typeof nickname !== 'string') throw wrongShape('sns_userinfo', 'no nickname')
      if (unionid !== undefined && !nonEmptyString(unionid)) throw wrongShape('sns_userinfo', 'unionid is not a string')
      const info: OauthUserInfo = { openid, nickname, headimgurl: typeof headimgurl === 'string' ? headimgurl : '' }
      if (unionid !== undefined) info.unionid = unionid
      return info
    },
  }
}

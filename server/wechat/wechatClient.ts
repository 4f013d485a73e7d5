import { classifyErrcode, WechatError } from './wechatError'
import { createWechatHttp, isJsonObject, nonEmptyString } from './wechatHttp'
import type { WechatHttpOptions } from './wechatHttp'

/** Options of {@link createWechatClient}: the mini program's credentials and the shared transport options. */
export interface WechatClientOptions extends WechatHttpOptions {
  appid: string
  secret: string
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

/**
 * Creates the client for WeChat's server APIs of the mini program (code2Session, stable_token, the phone number)
 * on {@link createWechatHttp}: a timeout per attempt, errcode -1 retried once, everything else failing at once,
 * already classified by {@link classifyErrcode}. A success body of the wrong shape counts as `unavailable`.
 */
export function createWechatClient(options: WechatClientOptions): WechatClient {
  const { call, wrongShape } = createWechatHttp(options, classifyErrcode)

  return {
    async code2Session(code) {
      const query = new URLSearchParams({
        appid: options.appid,
        secret: options.secret,
        js_code: code,
        grant_type: 'authorization_code',
      })
      const body = await call('jscode2session', '/sns/jscode2session', query)
      const { openid, session_key: sessionKey, unionid } = body
      if (!nonEmptyString(openid) || !nonEmptyString(sessionKey)) throw wrongShape('jscode2session', 'no openid or session_key')
      if (unionid !== undefined && !nonEmptyString(unionid)) throw wrongShape('jscode2session', 'unionid is not a string')
      return unionid === undefined ? { openid, sessionKey } : { openid, sessionKey, unionid }
    },

    async fetchStableToken() {
      // force_refresh is never set: forcing invalidates the token every other instance is using.
      const body = await call('stable_token', '/cgi-bin/stable_token', new URLSearchParams(), {
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
      const body = await call('getuserphonenumber', '/wxa/business/getuserphonenumber', query, {
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

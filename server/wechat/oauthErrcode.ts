import { classifyErrcode } from './wechatError'
import type { WechatErrorKind } from './wechatError'

/**
 * Maps an errcode of the web OAuth APIs (`sns/oauth2/access_token`, `sns/userinfo`) to a {@link WechatErrorKind}.
 * The codes shared with code2Session mean the same (40029 and 40163 a bad or used code, 41008 no code, 40013/40125
 * a wrong official-account appid or secret, 45011 throttled, -1 busy); 48001 ("api unauthorized": the account
 * lacks the scope) is misconfiguration; an invalid web access token or openid right after the exchange can only
 * be WeChat's fault, so it reads as unavailable rather than as the user's code.
 */
export function classifyOauthErrcode(errcode: number): WechatErrorKind {
  switch (errcode) {
    case 41008:
      return 'invalid_code'
    case 48001:
    case 40164:
      return 'misconfigured'
    case 40001:
    case 40014:
    case 41001:
    case 42001:
    case 40003:
      return 'unavailable'
    default:
      return classifyErrcode(errcode)
  }
}

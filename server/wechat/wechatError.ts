/**
 * What went wrong talking to WeChat, reduced to what a caller can act on:
 * - `invalid_code`: the login or phone code is invalid, expired or used (40029, 40163), or belongs to another
 *   user (40003, phone codes checked against the caller's openid);
 * - `rate_limited`: WeChat throttles us (45011);
 * - `blocked`: WeChat flagged the user as high-risk (40226);
 * - `busy`: WeChat said "system busy" (-1) even after our one retry;
 * - `unavailable`: no usable answer (timeout, network error, HTTP error, non-JSON or wrongly shaped body);
 * - `misconfigured`: our appid or secret is wrong, or our IP is not whitelisted;
 * - `access_token_invalid`: the access token was rejected (40001, 40014, 42001);
 * - `unexpected`: any other errcode.
 */
export type WechatErrorKind =
  | 'invalid_code'
  | 'rate_limited'
  | 'blocked'
  | 'busy'
  | 'unavailable'
  | 'misconfigured'
  | 'access_token_invalid'
  | 'unexpected'

/** The WeChat APIs this server calls, named as in logs and dev stats. */
export type WechatApi = 'jscode2session' | 'stable_token' | 'getuserphonenumber' | 'oauth2_access_token' | 'sns_userinfo'

/**
 * A failed WeChat call. The message names the API and errcode but never the URL (its query carries the secret
 * and codes) nor WeChat's errmsg verbatim (it can echo the request); `cause` keeps the low-level error for logs.
 */
export class WechatError extends Error {
  override readonly name = 'WechatError'
  constructor(
    readonly api: WechatApi,
    readonly kind: WechatErrorKind,
    readonly errcode: number | undefined,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`WeChat ${api} failed (${kind}${errcode === undefined ? '' : `, errcode ${errcode}`}): ${detail}`, options)
  }
}

/** Maps a non-zero WeChat errcode to a {@link WechatErrorKind}; this is the one place errcodes are interpreted. */
export function classifyErrcode(errcode: number): WechatErrorKind {
  switch (errcode) {
    case 40029:
    case 40163:
    case 40003:
      return 'invalid_code'
    case 45011:
      return 'rate_limited'
    case 40226:
      return 'blocked'
    case -1:
      return 'busy'
    case 40013:
    case 40125:
    case 41002:
    case 41004:
    case 40164:
      return 'misconfigured'
    case 40001:
    case 40014:
    case 42001:
      return 'access_token_invalid'
    case 45009:
      return 'unavailable'
    default:
      return 'unexpected'
  }
}

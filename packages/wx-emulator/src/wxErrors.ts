/** The errmsg WeChat sends with each errcode the emulator can answer (before the `, rid: …` suffix). */
export const WX_ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40030: 'invalid refresh_token',
  40066: 'invalid url',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40226: 'code blocked',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41003: 'refresh_token missing',
  41008: 'missing code',
  41009: 'missing openid',
  42001: 'access_token expired',
  42002: 'refresh_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  47001: 'data format error',
  48001: 'api unauthorized',
  87008: 'invalid sig_method',
  87009: 'invalid signature',
}

/** A WeChat error body. WeChat sends it with HTTP 200; callers branch on `errcode`, never on `errmsg`. */
// A type alias rather than an interface so it stays assignable to plain JSON record types.
export type WxErrorBody = {
  errcode: number
  errmsg: string
}

/**
 * Builds the body WeChat answers an error with. The `rid` suffix is part of WeChat's real errmsg, so a client that
 * compares errmsg strings instead of errcodes fails against the emulator just as it would in production.
 */
export function wxErrorBody(errcode: number, rid: string, errmsg?: string): WxErrorBody {
  const text = errmsg ?? WX_ERRMSG[errcode] ?? 'emulated error'
  return { errcode, errmsg: `${text}, rid: ${rid}` }
}

import { classifyOauthErrcode } from './oauthErrcode'
import { createWechatHttp, nonEmptyString } from './wechatHttp'
import type { WechatHttpOptions } from './wechatHttp'

/** Options of {@link createOauthClient}: the official account's credentials (not the mini program's) and the shared transport options. */
export interface OauthClientOptions extends WechatHttpOptions {
  appid: string
  secret: string
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

/** The web OAuth calls of the official account; every failure is a `WechatError`. */
export interface OauthClient {
  exchangeCode(code: string): Promise<OauthGrant>
  fetchUserInfo(accessToken: string, openid: string): Promise<OauthUserInfo>
}

/**
 * Creates the client for WeChat's web OAuth (公众号网页授权) on {@link createWechatHttp}: the code exchange and the
 * user info call, with a timeout per attempt and one retry after errcode -1, like the mini program's client.
 * Errcodes are classified by {@link classifyOauthErrcode}; a success of the wrong shape counts as `unavailable`.
 */
export function createOauthClient(options: OauthClientOptions): OauthClient {
  const { call, wrongShape } = createWechatHttp(options, classifyOauthErrcode)

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

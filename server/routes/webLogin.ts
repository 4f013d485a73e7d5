import { createHash } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError } from '../errors'
import { enforceRateLimit } from '../plugins/enforceRateLimit'
import type { Limiter } from '../plugins/enforceRateLimit'
import { webLoginSchema } from '../schemas/webLogin'
import type { SessionService } from '../sessions/sessionService'
import type { UserRecord, UserStore } from '../stores/userStore'
import { normalizeNickname } from '../users/normalizeNickname'
import { toPublicUser } from '../users/toPublicUser'
import type { AvatarUrlOf } from '../users/toPublicUser'
import { wechatAvatarUrl } from '../users/wechatAvatarUrl'
import type { OauthClient } from '../wechat/oauthClient'
import { wechatErrorToApi } from '../wechat/toApiError'
import { codeOf, PER_CODE_LIMIT } from './auth'

/** What {@link webLoginRoutes} needs. */
export interface WebLoginRoutesOptions {
  sessions: SessionService
  users: UserStore
  /** The official account's web OAuth client; undefined (no WX_OA_APPID) answers 501 web_login_disabled. */
  oauth: Pick<OauthClient, 'exchangeCode' | 'fetchUserInfo'> | undefined
  /** Rejects with a 503 when the session store could not take a new session right now. */
  checkSessionStore: () => Promise<void>
  /** Logins per minute per client IP, one count shared with `/api/auth/login`. */
  loginsPerIp: Limiter
  avatarUrl: AvatarUrlOf
  now: () => number
}

/**
 * Fills the profile from `sns/userinfo` where the user has not set it yet; what the user set wins. A WeChat
 * nickname the profile rules refuse (bidi controls, invisible characters, ...) is left out rather than stored, and so
 * is an avatar that is not on WeChat's avatar hosts ({@link wechatAvatarUrl}).
 */
async function fillProfile(users: UserStore, user: UserRecord, info: { nickname: string; headimgurl: string }): Promise<UserRecord> {
  const nickname = user.nickname === '' ? normalizeNickname(info.nickname) : undefined
  const avatarPath = user.avatarPath === '' ? wechatAvatarUrl(info.headimgurl) : undefined
  if (nickname === undefined && avatarPath === undefined) return user
  const updated = await users.update(user.id, {
    ...(nickname === undefined ? {} : { nickname }),
    ...(avatarPath === undefined ? {} : { avatarPath }),
  })
  return updated ?? user
}

/**
 * `POST /api/auth/web-login`: the login inside WeChat's browser (公众号网页授权). Exchanges the OAuth code at
 * `sns/oauth2/access_token` with the official account's credentials (WX_OA_APPID / WX_OA_SECRET); for
 * `snsapi_userinfo` also reads `sns/userinfo` (unionid, nickname, avatar). The web access token is used for that
 * one call and dropped: it is never stored, logged or answered. The user is found by the official account's
 * openid, or linked by unionid to the mini-program user of the same person, and gets a session exactly like
 * `/api/auth/login` gives, under the same rules: one per-IP count shared with it, a per-code limit, and the session store
 * checked before the single-use code is spent. 501 when no official account is set.
 */
export const webLoginRoutes: FastifyPluginAsyncTypebox<WebLoginRoutesOptions> = async (app, options) => {
  const perCode = app.createRateLimit({
    max: PER_CODE_LIMIT.max,
    timeWindow: PER_CODE_LIMIT.windowMs,
    keyGenerator: (request) => `web-login-code:${createHash('sha256').update(codeOf(request)).digest('hex')}`,
  })

  app.post(
    '/api/auth/web-login',
    {
      schema: webLoginSchema,
      onRequest: enforceRateLimit(options.loginsPerIp, 'logins from this address'),
      preHandler: enforceRateLimit(perCode, 'logins with this code'),
    },
    async (request) => {
      const oauth = options.oauth
      if (oauth === undefined) {
        throw new ApiError(501, 'web_login_disabled', 'This server has no official account configured for the login in WeChat\'s browser')
      }
      await options.checkSessionStore()
      const toApi = (error: unknown): unknown => wechatErrorToApi(error, 'web-login', request.log)
      const grant = await oauth.exchangeCode(request.body.code).catch((error: unknown) => {
        throw toApi(error)
      })
      // NOTE: for snsapi_userinfo the user info is read before the user is stored: its unionid decides which user
      // this is, and a guess without it could split one person into two users.
      const info = grant.scopes.includes('snsapi_userinfo')
        ? await oauth.fetchUserInfo(grant.accessToken, grant.openid).catch((error: unknown) => {
            throw toApi(error)
          })
        : undefined
      const unionid = grant.unionid ?? info?.unionid
      let user = await options.users.upsertByWebOpenid(
        unionid === undefined ? { openid: grant.openid } : { openid: grant.openid, unionid },
        options.now(),
      )
      if (info !== undefined) user = await fillProfile(options.users, user, info)
      const session = await options.sessions.issue({
        userId: user.id,
        openid: grant.openid,
        // The web login has no session_key: WeChat's web OAuth gives none, and nothing on H5 can use one.
        sessionKey: '',
        ...(user.unionid === undefined ? {} : { unionid: user.unionid }),
      })
      return { token: session.token, expiresAt: session.expiresAt, user: toPublicUser(user, options.avatarUrl) }
    },
  )
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sessionExpired } from '../errors'
import { authenticate, requireSession } from '../plugins/authenticate'
import { phoneSchema } from '../schemas/me'
import type { SessionService } from '../sessions/sessionService'
import type { UserStore } from '../stores/userStore'
import { toPublicUser } from '../users/toPublicUser'
import type { AvatarUrlOf } from '../users/toPublicUser'
import type { AccessTokenProvider } from '../wechat/accessToken'
import { wechatErrorToApi } from '../wechat/toApiError'
import type { WechatClient } from '../wechat/wechatClient'

/** What {@link phoneRoutes} needs. */
export interface PhoneRoutesOptions {
  sessions: SessionService
  users: UserStore
  wechat: Pick<WechatClient, 'getPhoneNumber'>
  accessTokens: Pick<AccessTokenProvider, 'withToken'>
  avatarUrl: AvatarUrlOf
}

/**
 * `POST /api/me/phone`: exchanges a getPhoneNumber dynamic code at WeChat's getuserphonenumber (with the cached
 * access token, refreshed once if WeChat rejects it) and stores the number on the user. The caller's openid goes
 * along, so WeChat refuses a code that was obtained by someone else.
 */
export const phoneRoutes: FastifyPluginAsyncTypebox<PhoneRoutesOptions> = async (app, options) => {
  app.post('/api/me/phone', { schema: phoneSchema, onRequest: authenticate(options.sessions) }, async (request) => {
    const { userId, openid } = requireSession(request).record
    const phone = await options.accessTokens
      .withToken((accessToken) => options.wechat.getPhoneNumber(request.body.code, accessToken, openid))
      .catch((error: unknown) => {
        throw wechatErrorToApi(error, 'phone', request.log)
      })
    const user = await options.users.update(userId, { phoneNumber: phone.purePhoneNumber, countryCode: phone.countryCode })
    if (user === undefined) throw sessionExpired()
    return { user: toPublicUser(user, options.avatarUrl) }
  })
}

import type { AppContext, TypedApp } from '../context'
import { sessionExpired } from '../errors'
import { authenticate, requireSession } from '../plugins/authenticate'
import { phoneSchema } from '../schemas/me'
import { publicOrigin, toPublicUser } from '../users/toPublicUser'
import { wechatErrorToApi } from '../wechat/toApiError'

/**
 * `POST /api/me/phone`: exchanges a getPhoneNumber dynamic code at WeChat's getuserphonenumber (with the cached
 * access token, refreshed once if WeChat rejects it) and stores the number on the user. The caller's openid goes
 * along, so WeChat refuses a code that was obtained by someone else.
 */
export async function phoneRoutes(app: TypedApp, ctx: AppContext): Promise<void> {
  app.post('/api/me/phone', { schema: phoneSchema, preHandler: authenticate(ctx.sessions) }, async (request) => {
    const { userId, openid } = requireSession(request).record
    ctx.stats.phoneCalls++
    const phone = await ctx.accessTokens
      .withToken((accessToken) => ctx.wechat.getPhoneNumber(request.body.code, accessToken, openid))
      .catch((error: unknown) => {
        throw wechatErrorToApi(error, 'phone', request.log)
      })
    const user = await ctx.stores.users.update(userId, {
      phoneNumber: phone.purePhoneNumber,
      countryCode: phone.countryCode,
    })
    if (user === undefined) throw sessionExpired()
    return { user: toPublicUser(user, publicOrigin(request, ctx.config.publicUrl)) }
  })
}

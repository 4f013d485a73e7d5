import type { AppContext, TypedApp } from '../context'
import { ApiError, sessionExpired } from '../errors'
import { authenticate, requireSession } from '../plugins/authenticate'
import { getMeSchema, updateMeSchema } from '../schemas/me'
import { normalizeNickname } from '../users/normalizeNickname'
import { publicOrigin, toPublicUser } from '../users/toPublicUser'

/**
 * `GET /api/me` and the nickname update, served on both PATCH and PUT because wx.request has no PATCH. A user
 * missing behind a valid session (deleted meanwhile) is answered like an expired session, so the client logs in
 * again and gets a fresh user.
 */
export async function meRoutes(app: TypedApp, ctx: AppContext): Promise<void> {
  const auth = authenticate(ctx.sessions)

  app.get('/api/me', { schema: getMeSchema, preHandler: auth }, async (request) => {
    // The user was read together with the session (one store round trip).
    const { user } = requireSession(request)
    if (user === undefined) throw sessionExpired()
    return { user: toPublicUser(user, publicOrigin(request, ctx.config.publicUrl)) }
  })

  app.route({
    method: ['PATCH', 'PUT'],
    url: '/api/me',
    schema: updateMeSchema,
    preHandler: auth,
    handler: async (request) => {
      const nickname = normalizeNickname(request.body.nickname)
      if (nickname === undefined) {
        throw new ApiError(400, 'invalid_nickname', 'The nickname must be 1 to 32 characters after trimming')
      }
      const user = await ctx.stores.users.update(requireSession(request).record.userId, { nickname })
      if (user === undefined) throw sessionExpired()
      return { user: toPublicUser(user, publicOrigin(request, ctx.config.publicUrl)) }
    },
  })
}

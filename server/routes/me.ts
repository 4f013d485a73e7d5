import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError, sessionExpired } from '../errors'
import { authenticate, requireSession } from '../plugins/authenticate'
import { getMeSchema, updateMeSchema } from '../schemas/me'
import type { SessionService } from '../sessions/sessionService'
import type { UserStore } from '../stores/userStore'
import { NICKNAME_MAX_CHARS, checkNickname } from '../users/normalizeNickname'
import type { NicknameProblem } from '../users/normalizeNickname'
import { toPublicUser } from '../users/toPublicUser'
import type { AvatarUrlOf } from '../users/toPublicUser'

/** What {@link meRoutes} needs. */
export interface MeRoutesOptions {
  sessions: SessionService
  users: UserStore
  avatarUrl: AvatarUrlOf
}

const NICKNAME_MESSAGES: Record<NicknameProblem, string> = {
  empty: 'The nickname is empty',
  too_long: `The nickname must be at most ${NICKNAME_MAX_CHARS} characters`,
  invisible_characters: 'The nickname contains control, direction or invisible characters',
  too_many_marks: 'The nickname stacks too many accents on one character',
  nothing_visible: 'The nickname has no visible character',
}

/**
 * `GET /api/me` and the nickname update, served on both PATCH and PUT because wx.request has no PATCH. The caller
 * is authenticated in `onRequest`, before any body is read, so an anonymous client cannot hold a connection open
 * with a slow body. A user missing behind a valid session (deleted meanwhile) is answered like an expired session,
 * so the client logs in again and gets a fresh user.
 */
export const meRoutes: FastifyPluginAsyncTypebox<MeRoutesOptions> = async (app, options) => {
  const auth = authenticate(options.sessions)

  app.get('/api/me', { schema: getMeSchema, onRequest: auth }, async (request) => {
    // The user was read together with the session (one store round trip).
    const { user } = requireSession(request)
    if (user === undefined) throw sessionExpired()
    return { user: toPublicUser(user, options.avatarUrl) }
  })

  app.route({
    method: ['PATCH', 'PUT'],
    url: '/api/me',
    schema: updateMeSchema,
    onRequest: auth,
    handler: async (request) => {
      const result = checkNickname(request.body.nickname)
      if (!result.ok) throw new ApiError(400, 'invalid_nickname', NICKNAME_MESSAGES[result.problem])
      const user = await options.users.update(requireSession(request).record.userId, { nickname: result.nickname })
      if (user === undefined) throw sessionExpired()
      return { user: toPublicUser(user, options.avatarUrl) }
    },
  })
}

import { createHash } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { authenticate, requireSession } from '../plugins/authenticate'
import { enforceRateLimit } from '../plugins/enforceRateLimit'
import type { Limiter } from '../plugins/enforceRateLimit'
import { loginSchema, logoutSchema } from '../schemas/auth'
import type { SessionService } from '../sessions/sessionService'
import { bearerToken } from '../sessions/tokens'
import type { UserStore } from '../stores/userStore'
import { toPublicUser } from '../users/toPublicUser'
import type { AvatarUrlOf } from '../users/toPublicUser'
import { wechatErrorToApi } from '../wechat/toApiError'
import type { WechatClient } from '../wechat/wechatClient'

/** How often one login code may be presented, and in what window. A code is single-use; this stops hammering. */
export const PER_CODE_LIMIT = { max: 5, windowMs: 5 * 60_000 }

/** What {@link authRoutes} needs. */
export interface AuthRoutesOptions {
  sessions: SessionService
  users: UserStore
  wechat: Pick<WechatClient, 'code2Session'>
  /** Rejects with a 503 when the session store could not take a new session right now. */
  checkSessionStore: () => Promise<void>
  /** Logins per minute per client IP, one count shared with `/api/auth/web-login`. */
  loginsPerIp: Limiter
  avatarUrl: AvatarUrlOf
  now: () => number
}

/** The `code` of a login body, or `''`; only used to key the per-code limiter. */
export function codeOf(request: FastifyRequest): string {
  const body = request.body as { code?: unknown } | undefined
  return typeof body?.code === 'string' ? body.code : ''
}

/**
 * Login, logout and logout-all. Login exchanges the wx.login code at code2Session, upserts the user by openid
 * and issues a new opaque session; the session_key stays in the session store. Logins are limited per client IP
 * (checked before the body is read) and per code (checked after validation, keyed by the code's hash so codes
 * never reach the limiter's store). The session store is checked first: a code spent while the store cannot take
 * the session would be lost for nothing, since WeChat codes are single-use.
 */
export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, options) => {
  const perCode = app.createRateLimit({
    max: PER_CODE_LIMIT.max,
    timeWindow: PER_CODE_LIMIT.windowMs,
    keyGenerator: (request) => `login-code:${createHash('sha256').update(codeOf(request)).digest('hex')}`,
  })

  app.post(
    '/api/auth/login',
    {
      schema: loginSchema,
      onRequest: enforceRateLimit(options.loginsPerIp, 'logins from this address'),
      preHandler: enforceRateLimit(perCode, 'logins with this code'),
    },
    async (request) => {
      await options.checkSessionStore()
      const wx = await options.wechat.code2Session(request.body.code).catch((error: unknown) => {
        throw wechatErrorToApi(error, 'login', request.log)
      })
      const user = await options.users.upsertByOpenid(
        wx.unionid === undefined ? { openid: wx.openid } : { openid: wx.openid, unionid: wx.unionid },
        options.now(),
      )
      const session = await options.sessions.issue({
        userId: user.id,
        openid: user.openid,
        sessionKey: wx.sessionKey,
        ...(user.unionid === undefined ? {} : { unionid: user.unionid }),
      })
      return { token: session.token, expiresAt: session.expiresAt, user: toPublicUser(user, options.avatarUrl) }
    },
  )

  // Idempotent on purpose: whatever the token's state, the client ends up logged out, so it always gets 204.
  app.post('/api/auth/logout', { schema: logoutSchema }, async (request, reply) => {
    const token = bearerToken(request.headers.authorization)
    if (token !== undefined) await options.sessions.revoke(token)
    return reply.code(204).send(null)
  })

  app.post('/api/auth/logout-all', { schema: logoutSchema, onRequest: authenticate(options.sessions) }, async (request, reply) => {
    await options.sessions.revokeAllForUser(requireSession(request).record.userId)
    return reply.code(204).send(null)
  })
}

import { createHash } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { AppContext, TypedApp } from '../context'
import { ApiError } from '../errors'
import { authenticate, requireSession } from '../plugins/authenticate'
import { loginSchema, logoutSchema } from '../schemas/auth'
import { bearerToken } from '../sessions/tokens'
import { publicOrigin, toPublicUser } from '../users/toPublicUser'
import { wechatErrorToApi } from '../wechat/toApiError'

/** How often one login code may be presented, and in what window. A code is single-use; this stops hammering. */
export const PER_CODE_LIMIT = { max: 5, windowMs: 5 * 60_000 }

/** A per-request rate limiter made by `app.createRateLimit`. */
export type Limiter = ReturnType<TypedApp['createRateLimit']>

/** A hook that answers 429 (with Retry-After) once `limiter` says the caller is over its limit. */
export function enforce(limiter: Limiter, what: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const result = await limiter(request)
    if (!result.isAllowed && result.isExceeded) {
      throw new ApiError(429, 'rate_limited', `Too many logins ${what}; try again later`, {
        retryAfterSec: Math.max(1, result.ttlInSeconds),
      })
    }
  }
}

/** The `code` of a login body, or `''`; only used to key the per-code limiter. */
export function codeOf(request: FastifyRequest): string {
  const body = request.body as { code?: unknown } | undefined
  return typeof body?.code === 'string' ? body.code : ''
}

/**
 * Login, logout and logout-all. Login exchanges the wx.login code at code2Session, upserts the user by openid
 * and issues a new opaque session; the session_key stays in the session store. Logins are limited per client IP
 * (LOGIN_RATE_LIMIT a minute, checked before the body is read) and per code (checked after validation, keyed by
 * the code's hash so codes never reach the limiter's store).
 */
export async function authRoutes(app: TypedApp, ctx: AppContext): Promise<void> {
  const perIp = app.createRateLimit({
    max: ctx.config.loginRateLimit,
    timeWindow: 60_000,
    keyGenerator: (request) => `login-ip:${request.ip}`,
  })
  const perCode = app.createRateLimit({
    max: PER_CODE_LIMIT.max,
    timeWindow: PER_CODE_LIMIT.windowMs,
    keyGenerator: (request) => `login-code:${createHash('sha256').update(codeOf(request)).digest('hex')}`,
  })

  app.post(
    '/api/auth/login',
    { schema: loginSchema, onRequest: enforce(perIp, 'from this address'), preHandler: enforce(perCode, 'with this code') },
    async (request) => {
      ctx.stats.code2SessionCalls++
      const wx = await ctx.wechat.code2Session(request.body.code).catch((error: unknown) => {
        throw wechatErrorToApi(error, 'login', request.log)
      })
      const user = await ctx.stores.users.upsertByOpenid(
        wx.unionid === undefined ? { openid: wx.openid } : { openid: wx.openid, unionid: wx.unionid },
        ctx.now(),
      )
      const session = await ctx.sessions.issue({
        userId: user.id,
        openid: user.openid,
        sessionKey: wx.sessionKey,
        ...(user.unionid === undefined ? {} : { unionid: user.unionid }),
      })
      ctx.stats.logins++
      return {
        token: session.token,
        expiresAt: session.expiresAt,
        user: toPublicUser(user, publicOrigin(request, ctx.config.publicUrl)),
      }
    },
  )

  // Idempotent on purpose: whatever the token's state, the client ends up logged out, so it always gets 204.
  app.post('/api/auth/logout', { schema: logoutSchema }, async (request, reply) => {
    const token = bearerToken(request.headers.authorization)
    if (token !== undefined) await ctx.sessions.revoke(token)
    return reply.code(204).send(null)
  })

  app.post('/api/auth/logout-all', { schema: logoutSchema, preHandler: authenticate(ctx.sessions) }, async (request, reply) => {
    await ctx.sessions.revokeAllForUser(requireSession(request).record.userId)
    return reply.code(204).send(null)
  })
}

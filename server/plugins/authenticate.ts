import type { FastifyReply, FastifyRequest } from 'fastify'
import { sessionExpired } from '../errors'
import type { ActiveSession, SessionService } from '../sessions/sessionService'
import { bearerToken } from '../sessions/tokens'

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's session on (auth) routes, set by the authenticate hook; null elsewhere. */
    authSession: ActiveSession | null
  }
}

/**
 * Builds the `onRequest` hook of (auth) routes: a missing, malformed, unknown or expired bearer token is answered
 * `401 session_expired` (the client's cue to log in again); a valid one slides the session's idle deadline and is
 * attached to the request. Use it as `onRequest`, not `preHandler`: the body is read between the two, and an
 * anonymous caller must not get to hold a connection open with a slow body (OWASP ASVS V4: authorise first).
 */
export function authenticate(sessions: SessionService) {
  return async function authenticateHook(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const token = bearerToken(request.headers.authorization)
    if (token === undefined) throw sessionExpired()
    const check = await sessions.check(token)
    if (check.session === undefined) throw sessionExpired(check.reason)
    request.authSession = check.session
  }
}

/** The session of an (auth) route's caller; throws 401 if the route forgot the authenticate hook. */
export function requireSession(request: FastifyRequest): ActiveSession {
  if (request.authSession === null) throw sessionExpired()
  return request.authSession
}

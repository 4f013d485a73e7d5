import type { FastifyInstance, FastifyRequest } from 'fastify'
import { SessionExpiredError } from '../errors'
import type { ApiError } from '../errors'
import type { LoginKind, ServerMetrics } from './serverMetrics'

const LOGIN_ROUTES: ReadonlyMap<string, LoginKind> = new Map([
  ['/api/auth/login', 'mini_program'],
  ['/api/auth/web-login', 'web'],
])

function loginKind(request: FastifyRequest): LoginKind | undefined {
  const url = request.routeOptions.url
  return request.method === 'POST' && url !== undefined ? LOGIN_ROUTES.get(url) : undefined
}

/**
 * Adds the `onResponse` hook that times every answer (`wxls_http_request_duration_seconds`, labelled with the route
 * pattern, never the raw URL, so the series stay bounded) and counts successful logins. Register it before the
 * routes (Fastify gives a route the hooks added before it). Failed logins and `401 session_expired` answers are
 * counted by {@link countApiError}, which the error handler calls.
 */
export function installRequestMetrics(app: FastifyInstance, metrics: ServerMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode
    metrics.requestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(status) },
      reply.elapsedTime / 1000,
    )
    if (status < 400) {
      const kind = loginKind(request)
      if (kind !== undefined) metrics.logins.inc({ kind, outcome: 'ok' })
    }
  })
}

/**
 * Counts an error answer the error handler is about to send: a login's outcome by its code
 * (`wxls_logins_total`), and a `401 session_expired` by its reason (`wxls_session_expired_total`).
 */
export function countApiError(metrics: ServerMetrics, request: FastifyRequest, error: ApiError): void {
  const kind = loginKind(request)
  if (kind !== undefined) metrics.logins.inc({ kind, outcome: error.code })
  if (error.code === 'session_expired') {
    metrics.sessionExpired.inc({ reason: error instanceof SessionExpiredError ? error.reason : 'unknown' })
  }
}

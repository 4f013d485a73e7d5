import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { healthSchema, livenessSchema } from '../schemas/health'
import type { Stores } from '../stores/createStores'

/** How long /readyz waits for Redis before calling it down; load balancers probe often and expect quick answers. */
export const HEALTH_PING_TIMEOUT_MS = 500

/** What {@link healthRoutes} needs. */
export interface HealthRoutesOptions {
  stores: Pick<Stores, 'kind' | 'ping'>
}

/**
 * The probes, without auth or secrets:
 * - `GET /livez`: 200 as long as the process serves HTTP, also while it drains (a liveness probe that failed then
 *   would have the process killed before its requests finish);
 * - `GET /readyz`: 200 when the stores answer, 503 `degraded` when Redis does not, and 503 while the server drains
 *   (the drain sheds it like every request), so a load balancer sends no new traffic;
 * - `GET /healthz`: the same as `/readyz`, kept for existing probes.
 */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (app, { stores }) => {
  app.get('/livez', { schema: livenessSchema, config: { drainExempt: true } }, async () => ({ status: 'ok' as const }))

  for (const url of ['/readyz', '/healthz']) {
    app.get(url, { schema: healthSchema }, async (_request, reply) => {
      if (stores.kind === 'memory') return { status: 'ok' as const, store: 'memory' as const }
      try {
        await stores.ping(HEALTH_PING_TIMEOUT_MS)
        return { status: 'ok' as const, store: 'redis' as const, redis: 'ok' as const }
      } catch {
        return reply.code(503).send({ status: 'degraded' as const, store: 'redis' as const, redis: 'down' as const })
      }
    })
  }
}

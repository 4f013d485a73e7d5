import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { healthSchema } from '../schemas/health'
import type { Stores } from '../stores/createStores'

/** How long /healthz waits for Redis before calling it down; load balancers probe often and expect quick answers. */
export const HEALTH_PING_TIMEOUT_MS = 500

/** What {@link healthRoutes} needs. */
export interface HealthRoutesOptions {
  stores: Pick<Stores, 'kind' | 'ping'>
}

/** `GET /healthz`: 200 when the store answers, 503 `degraded` when it does not. No auth, no secrets. */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (app, { stores }) => {
  app.get('/healthz', { schema: healthSchema }, async (_request, reply) => {
    if (stores.kind === 'memory') return { status: 'ok' as const, store: 'memory' as const }
    try {
      await stores.ping(HEALTH_PING_TIMEOUT_MS)
      return { status: 'ok' as const, store: 'redis' as const, redis: 'ok' as const }
    } catch {
      return reply.code(503).send({ status: 'degraded' as const, store: 'redis' as const, redis: 'down' as const })
    }
  })
}

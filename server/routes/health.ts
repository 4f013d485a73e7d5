import type { AppContext, TypedApp } from '../context'
import { healthSchema } from '../schemas/health'

/** How long /healthz waits for Redis before calling it down; load balancers probe often and expect quick answers. */
export const HEALTH_PING_TIMEOUT_MS = 500

/** `GET /healthz`: 200 when the store answers, 503 `degraded` when it does not. No auth, no secrets. */
export async function healthRoutes(app: TypedApp, ctx: AppContext): Promise<void> {
  app.get('/healthz', { schema: healthSchema }, async (_request, reply) => {
    if (ctx.stores.kind === 'memory') return { status: 'ok' as const, store: 'memory' as const }
    try {
      await ctx.stores.ping(HEALTH_PING_TIMEOUT_MS)
      return { status: 'ok' as const, store: 'redis' as const, redis: 'ok' as const }
    } catch {
      return reply.code(503).send({ status: 'degraded' as const, store: 'redis' as const, redis: 'down' as const })
    }
  })
}

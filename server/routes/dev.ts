import type { AppContext, TypedApp } from '../context'
import { devDropSessionsSchema, devStatsSchema } from '../schemas/dev'

/**
 * Development endpoints, registered only when the emulator is on: `GET /__dev/stats` (counters the client test
 * suites assert on, such as "one re-login means one code2Session") and `DELETE /__dev/sessions` (expire everyone
 * at once, to exercise silent re-login).
 */
export async function devRoutes(app: TypedApp, ctx: AppContext): Promise<void> {
  app.get('/__dev/stats', { schema: devStatsSchema }, async () => ({
    ...ctx.stats,
    sessionsAlive: await ctx.stores.sessions.count(),
    users: await ctx.stores.users.count(),
  }))

  app.delete('/__dev/sessions', { schema: devDropSessionsSchema }, async (_request, reply) => {
    await ctx.stores.sessions.clear()
    return reply.code(204).send(null)
  })
}

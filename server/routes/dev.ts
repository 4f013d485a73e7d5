import type { AppContext, TypedApp } from '../context'
import type { RequestProbes } from '../plugins/requestProbes'
import { devDropSessionsSchema, devRequestsSchema, devStatsSchema } from '../schemas/dev'

/**
 * Development endpoints, registered only when the emulator is on: `GET /__dev/stats` (counters the client test
 * suites assert on, such as "one re-login means one code2Session"), `DELETE /__dev/sessions` (expire everyone
 * at once, to exercise silent re-login), `GET /__dev/requests` (how often each `?probe=` request arrived, counted by
 * the `countRequestProbes` hook) and `DELETE /__dev/requests` (forget those counts).
 */
export async function devRoutes(app: TypedApp, ctx: AppContext, probes: RequestProbes): Promise<void> {
  app.get('/__dev/stats', { schema: devStatsSchema }, async () => ({
    ...ctx.stats,
    sessionsAlive: await ctx.stores.sessions.count(),
    users: await ctx.stores.users.count(),
  }))

  app.delete('/__dev/sessions', { schema: devDropSessionsSchema }, async (_request, reply) => {
    await ctx.stores.sessions.clear()
    return reply.code(204).send(null)
  })

  app.get('/__dev/requests', { schema: devRequestsSchema }, async () => ({ probes: Object.fromEntries(probes) }))

  app.delete('/__dev/requests', { schema: devDropSessionsSchema }, async (_request, reply) => {
    probes.clear()
    return reply.code(204).send(null)
  })
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import type { DevStats } from '../context'
import type { RequestProbes } from '../plugins/requestProbes'
import { devDropSessionsSchema, devRequestsSchema, devStatsSchema } from '../schemas/dev'
import type { Stores } from '../stores/createStores'
import type { WechatClient } from '../wechat/wechatClient'

/** What {@link devRoutes} needs. */
export interface DevRoutesOptions {
  stats: DevStats
  stores: Pick<Stores, 'sessions' | 'users'>
  /** The `?probe=` counts kept by the `countRequestProbes` hook. */
  probes: RequestProbes
}

/** Fresh zeroed counters for {@link devRoutes}. */
export function createDevStats(): DevStats {
  return { logins: 0, code2SessionCalls: 0, phoneCalls: 0, accessTokenFetches: 0 }
}

/**
 * Wraps the WeChat client so that every code2Session, getuserphonenumber and stable_token call is counted in
 * `stats`. Only the dev set-up wraps it; production handlers never see a counter.
 */
export function countWechatCalls(wechat: WechatClient, stats: DevStats): WechatClient {
  return {
    ...wechat,
    code2Session: (code) => {
      stats.code2SessionCalls++
      return wechat.code2Session(code)
    },
    getPhoneNumber: (code, accessToken, openid) => {
      stats.phoneCalls++
      return wechat.getPhoneNumber(code, accessToken, openid)
    },
    fetchStableToken: () => {
      stats.accessTokenFetches++
      return wechat.fetchStableToken()
    },
  }
}

/** The routes whose 200 answers are logins: the mini program's and the one inside WeChat's browser. */
const LOGIN_ROUTES: ReadonlySet<string | undefined> = new Set(['/api/auth/login', '/api/auth/web-login'])

/**
 * Counts successful logins (mini program and web) from an `onResponse` hook on `app`; add it before the routes
 * are registered.
 */
export function countLogins(app: FastifyInstance, stats: DevStats): void {
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode === 200 && request.method === 'POST' && LOGIN_ROUTES.has(request.routeOptions.url)) stats.logins++
  })
}

/**
 * Development endpoints, registered only with the emulator (which only ever runs on a loopback listener):
 * `GET /__dev/stats` (counters the client test suites assert on, such as "one re-login means one code2Session")
 * and `DELETE /__dev/sessions` (expire everyone at once, to exercise silent re-login), `GET /__dev/requests` (how
 * often each `?probe=` request arrived, counted by the `countRequestProbes` hook) and `DELETE /__dev/requests`
 * (forget those counts).
 */
export const devRoutes: FastifyPluginAsyncTypebox<DevRoutesOptions> = async (app, { stats, stores, probes }) => {
  app.get('/__dev/stats', { schema: devStatsSchema }, async () => ({
    ...stats,
    sessionsAlive: await stores.sessions.count(),
    users: await stores.users.count(),
  }))

  app.delete('/__dev/sessions', { schema: devDropSessionsSchema }, async (_request, reply) => {
    await stores.sessions.clear()
    return reply.code(204).send(null)
  })

  app.get('/__dev/requests', { schema: devRequestsSchema }, async () => ({ probes: Object.fromEntries(probes) }))

  app.delete('/__dev/requests', { schema: devDropSessionsSchema }, async (_request, reply) => {
    probes.clear()
    return reply.code(204).send(null)
  })
}

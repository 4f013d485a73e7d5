import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { Config } from './config'
import type { ServerMetrics } from './metrics/serverMetrics'
import type { SessionService } from './sessions/sessionService'
import type { Stores } from './stores/createStores'
import type { AccessTokenProvider } from './wechat/accessToken'
import type { OauthClient } from './wechat/oauthClient'
import type { WechatClient } from './wechat/wechatClient'

/** Counters behind `GET /__dev/stats`; per process, reset on restart. */
export interface DevStats {
  logins: number
  code2SessionCalls: number
  phoneCalls: number
  accessTokenFetches: number
}

/** What buildApp built, exposed as `app.ctx` for tests and tools; routes get their own parts through plugin options. */
export interface AppContext {
  config: Config
  stores: Stores
  sessions: SessionService
  wechat: WechatClient
  /** The official account's web OAuth client; undefined when WX_OA_APPID is not configured. */
  webOauth: OauthClient | undefined
  accessTokens: AccessTokenProvider
  stats: DevStats
  now: () => number
  /** The Prometheus metrics; undefined unless METRICS_PORT is set. */
  metrics: ServerMetrics | undefined
}

/** The Fastify instance type route plugins receive: plain HTTP server, TypeBox-typed schemas. */
export type TypedApp = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>

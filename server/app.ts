import { mkdirSync } from 'node:fs'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify from 'fastify'
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify'
import type { DestinationStream, Logger } from 'pino'
import type { Config } from './config'
import type { AppContext, DevStats, TypedApp } from './context'
import { emulatorPlugin } from './emulator/index'
import { createLogger } from './logger'
import { installErrorHandling } from './plugins/errorHandling'
import { installJsonBody } from './plugins/jsonBody'
import { installShedWhileClosing } from './plugins/shedWhileClosing'
import { authRoutes } from './routes/auth'
import { webLoginRoutes } from './routes/webLogin'
import { avatarRoutes } from './routes/avatar'
import { decryptRoutes } from './routes/decrypt'
import { devRoutes } from './routes/dev'
import { countRequestProbes, type RequestProbes } from './plugins/requestProbes'
import { healthRoutes } from './routes/health'
import { meRoutes } from './routes/me'
import { phoneRoutes } from './routes/phone'
import { SessionService } from './sessions/sessionService'
import { createStores } from './stores/createStores'
import type { Stores } from './stores/createStores'
import { AccessTokenProvider } from './wechat/accessToken'
import { createOauthClient } from './wechat/oauthClient'
import { createWechatClient } from './wechat/wechatClient'

/** JSON bodies above this size are refused with 413; the largest legitimate one (decrypt) is far smaller. */
export const JSON_BODY_LIMIT = 64 * 1024

/** Optional collaborators of {@link buildApp}; tests use them to observe and control the app. */
export interface AppDeps {
  /** Where log lines go (default stdout); tests pass a stream that captures them. */
  logStream?: DestinationStream
  /** A ready-made logger; takes precedence over `logStream`. */
  logger?: Logger
  /** The clock for sessions, watermarks and the access-token cache. */
  now?: () => number
  /** The transport to WeChat; tests pass a recording wrapper around the global fetch. */
  fetch?: typeof fetch
  /** How the WeChat client waits before its one retry. */
  sleep?: (ms: number) => Promise<void>
  /** Use these stores instead of creating them from the config (they are closed with the app). */
  stores?: Stores
  /** Redis key namespace (default `wxls:`); tests use a unique one per app. */
  redisPrefix?: string
  /** Clock of the mounted emulator (default: `now`). */
  emulatorNow?: () => number
}

declare module 'fastify' {
  interface FastifyInstance {
    /** What the routes share: config, stores, sessions, WeChat client, dev counters. */
    ctx: AppContext
  }
}

/** The base URL of this server itself, for the mounted emulator, once it listens. */
function selfBaseUrl(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo | string | null
  if (address === null || typeof address === 'string') throw new Error('the server is not listening on TCP yet')
  const wildcard = address.address === '0.0.0.0' || address.address === '::'
  const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${host}:${address.port}`
}

/** Fastify's typings lack the hop-count form of trustProxy, so a count becomes the equivalent function. */
function trustProxyOption(value: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value
}

/**
 * Builds the reference backend as a Fastify app without listening: body parsing, the one error handler, CORS,
 * rate limiting, the stores (memory or Redis), the session service, the WeChat client and access-token cache,
 * every route of docs/api.md, `/uploads/` and `/healthz`, and, when `config.wxEmulator` is on, the WeChat
 * emulator and the `/__dev/*` endpoints on the same app. Closing the app closes the stores.
 */
export async function buildApp(config: Config, deps: AppDeps = {}): Promise<TypedApp> {
  const logger = deps.logger ?? createLogger(config.logLevel, deps.logStream)
  const now = deps.now ?? Date.now
  const app = Fastify<Server, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: logger,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: trustProxyOption(config.trustProxy),
    // Replaced by installShedWhileClosing, which answers in the API's error shape.
    return503OnClosing: false,
    // The router rejects malformed URLs (`/%`, `/api/me%zz`) before any route or error handler runs; without
    // this they would get Fastify's own `{ error: 'Bad Request', code, statusCode }` instead of our shape.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const clientFault = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
      if (clientFault) void reply.code(400).send({ error: 'invalid_request', message: 'Malformed URL' })
      else void reply.code(500).send({ error: 'internal_error', message: 'Internal server error' })
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  const stores =
    deps.stores ??
    (await createStores({
      redisUrl: config.redisUrl,
      prefix: deps.redisPrefix,
      sessionMaxAgeMs: config.sessionMaxAgeSec * 1000,
      onRedisError: (error) => logger.warn({ err: { message: error.message } }, 'Redis connection error'),
    }))
  app.addHook('onClose', async () => stores.close())

  const stats: DevStats = { logins: 0, code2SessionCalls: 0, phoneCalls: 0, accessTokenFetches: 0 }
  const wechat = createWechatClient({
    apiBase: config.wxApiBase === undefined ? () => selfBaseUrl(app) : () => config.wxApiBase ?? '',
    appid: config.appid,
    secret: config.secret,
    timeoutMs: config.wxTimeoutMs,
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
  })
  const apiBase = config.wxApiBase === undefined ? () => selfBaseUrl(app) : () => config.wxApiBase ?? ''
  const webOauth =
    config.oaAppid === undefined || config.oaSecret === undefined
      ? undefined
      : createOauthClient({
          apiBase,
          appid: config.oaAppid,
          secret: config.oaSecret,
          timeoutMs: config.wxTimeoutMs,
          ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
          ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
        })
  const ctx: AppContext = {
    config,
    stores,
    now,
    stats,
    wechat,
    webOauth,
    sessions: new SessionService({
      store: stores.sessions,
      idleTtlMs: config.sessionIdleTtlSec * 1000,
      maxAgeMs: config.sessionMaxAgeSec * 1000,
      now,
    }),
    accessTokens: new AccessTokenProvider({
      kv: stores.kv,
      appid: config.appid,
      prefix: stores.prefix,
      now,
      fetchToken: () => {
        stats.accessTokenFetches++
        return wechat.fetchStableToken()
      },
    }),
  }
  app.decorate('ctx', ctx)
  app.decorateRequest('authSession', null)

  installErrorHandling(app)
  installShedWhileClosing(app)
  installJsonBody(app)

  if (config.corsOrigins === '*' || config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins === '*' ? true : config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      exposedHeaders: ['Retry-After'],
      maxAge: 600,
      // Strict mode answers an OPTIONS without Origin/Access-Control-Request-Method with a text/plain 400,
      // outside the { error, message } contract; browsers always send both, so nothing is loosened for them.
      strictPreflight: false,
    })
  }
  await app.register(rateLimit, {
    global: false,
    // A rate limiter that cannot reach Redis lets requests through; the session store will answer 503 anyway.
    skipOnError: true,
    ...(stores.redis === undefined ? {} : { redis: stores.redis, nameSpace: `${stores.prefix}rl:` }),
  })

  const uploadDir = resolve(config.uploadDir)
  mkdirSync(uploadDir, { recursive: true })
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root: uploadDir,
      prefix: '/uploads/',
      decorateReply: false,
      index: false,
      list: false,
      serveDotFiles: false,
      // Uploads are user content: never let a browser sniff them into something executable.
      setHeaders: (res) => {
        res.setHeader('x-content-type-options', 'nosniff')
        res.setHeader('content-security-policy', "default-src 'none'")
      },
    })
  })

  // NOTE: before the routes: Fastify gives a route the hooks added before it.
  const probes: RequestProbes = new Map()
  if (config.wxEmulator) countRequestProbes(app, probes)

  await app.register(async (scope) => {
    await authRoutes(scope, ctx)
    await webLoginRoutes(scope, ctx)
    await meRoutes(scope, ctx)
    await phoneRoutes(scope, ctx)
    await decryptRoutes(scope, ctx)
    await healthRoutes(scope, ctx)
  })
  await app.register(async (scope) => avatarRoutes(scope, ctx))

  if (config.wxEmulator) {
    await app.register(emulatorPlugin, {
      appid: config.appid,
      secret: config.secret,
      ...(config.oaAppid === undefined || config.oaSecret === undefined ? {} : { oaAppid: config.oaAppid, oaSecret: config.oaSecret }),
      now: deps.emulatorNow ?? now,
    })
    await app.register(async (scope) => devRoutes(scope, ctx, probes))
  }
  return app
}

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
import { ConfigError, isLoopbackHost } from './config'
import type { Config } from './config'
import type { AppContext, TypedApp } from './context'
import { emulatorPlugin } from 'wx-login-state-emulator'
import { openApiPlugin } from './openapi/openApiPlugin'
import { ServiceUnavailableError } from './errors'
import { createLogDestination, createLogger } from './logger'
import { AccessLogController, createAccessLogger } from './logging/accessLog'
import { lazyChildLoggerFactory } from './logging/lazyChildLogger'
import { OutageLog } from './logging/outageLog'
import { createClientErrorHandler } from './plugins/clientErrors'
import { limitConnectionsPerAddress } from './plugins/connectionsPerAddress'
import { installDrainOnClose } from './plugins/drainOnClose'
import { addressGroup } from './plugins/addressGroup'
import { installErrorHandling } from './plugins/errorHandling'
import { installHostCheck } from './plugins/hostHeader'
import { countApiError, installRequestMetrics } from './metrics/installMetrics'
import { observeAvatarStorage, observeRedis, observeWechat, sessionCounters } from './metrics/observers'
import { createServerMetrics } from './metrics/serverMetrics'
import { installJsonBody } from './plugins/jsonBody'
import { installSecurityHeaders } from './plugins/securityHeaders'
import { authRoutes } from './routes/auth'
import { avatarRoutes, UPLOADS_PREFIX } from './routes/avatar'
import { decryptRoutes } from './routes/decrypt'
import { countLogins, countWechatCalls, createDevStats, devRoutes } from './routes/dev'
import { countRequestProbes, type RequestProbes } from './plugins/requestProbes'
import { healthRoutes } from './routes/health'
import { meRoutes } from './routes/me'
import { phoneRoutes } from './routes/phone'
import { webLoginRoutes } from './routes/webLogin'
import { SessionService } from './sessions/sessionService'
import { createStores } from './stores/createStores'
import { redisRateLimitStore } from './stores/redisRateLimitStore'
import type { Stores } from './stores/createStores'
import { STORED_NAME } from './uploads/avatarStorage'
import type { AvatarStorage } from './uploads/avatarStorage'
import { LocalDiskStorage } from './uploads/localDiskStorage'
import { avatarUrlBuilder } from './users/toPublicUser'
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
  /** Where avatars are stored (default: {@link LocalDiskStorage} on UPLOAD_DIR with UPLOAD_MAX_TOTAL_BYTES). */
  avatarStorage?: AvatarStorage
}

/** How long a login waits for the session store to answer before it is refused, without spending the code. */
export const LOGIN_STORE_CHECK_MS = 1000

declare module 'fastify' {
  interface FastifyInstance {
    /** What buildApp built (config, stores, sessions, WeChat client, dev counters), for tests and tools. */
    ctx: AppContext
  }
}

/** The base URL of this server itself once it listens (for the mounted emulator and avatar URLs), else undefined. */
function listeningOrigin(app: FastifyInstance): string | undefined {
  const address = app.server.address() as AddressInfo | string | null
  if (address === null || typeof address === 'string') return undefined
  const wildcard = address.address === '0.0.0.0' || address.address === '::'
  const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${host}:${address.port}`
}

function selfBaseUrl(app: FastifyInstance): string {
  const origin = listeningOrigin(app)
  if (origin === undefined) throw new Error('the server is not listening on TCP yet')
  return origin
}

/** Fastify's typings lack the hop-count form of trustProxy, so a count becomes the equivalent function. */
function trustProxyOption(value: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value
}

/**
 * Builds the reference backend as a Fastify app without listening: the server's timeouts and limits, parser-level
 * errors in the API's shape, the drain on shutdown, body parsing, the one error handler, security headers, CORS,
 * rate limiting, the stores (memory or Redis), the session service, the WeChat client and access-token cache,
 * every route of docs/api.md (each a plugin given what it needs), `/uploads/` and `/healthz`, and, when
 * `config.wxEmulator` is on (loopback only), the WeChat emulator and the `/__dev/*` endpoints on the same app.
 * Closing the app closes the stores.
 */
export async function buildApp(config: Config, deps: AppDeps = {}): Promise<TypedApp> {
  // The config loader refuses this too; a hand-built config must not get around it.
  if (config.wxEmulator && (config.production || !isLoopbackHost(config.host))) {
    throw new ConfigError('WX_EMULATOR', `is on, so HOST must be a loopback address outside production, got HOST="${config.host}"`)
  }
  const logStream = deps.logger === undefined ? (deps.logStream ?? createLogDestination()) : undefined
  const logger = deps.logger ?? createLogger(config.logLevel, logStream)
  // One access line per request, written without the general logger's per-line redaction passes (accessLog.ts).
  const accessLog = logStream === undefined ? logger : createAccessLogger(config.logLevel, logStream)
  const now = deps.now ?? Date.now
  const app = Fastify<Server, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: logger,
    logController: new AccessLogController(accessLog),
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: trustProxyOption(config.trustProxy),
    // Timeouts and limits against slow and stuck clients (docs/server.md, "Limits").
    connectionTimeout: config.connectionTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    maxRequestsPerSocket: config.maxRequestsPerSocket,
    http: {
      headersTimeout: config.headersTimeoutMs,
      maxHeaderSize: config.maxHeaderBytes,
      // installHostCheck answers a missing Host in the API's shape; Node's own answer had an empty body.
      requireHostHeader: false,
      // Node checks the two timeouts above on this interval (30 s by default, far coarser than they are).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(Math.min(config.headersTimeoutMs, config.requestTimeoutMs) / 4))),
    },
    clientErrorHandler: createClientErrorHandler(logger),
    // Replaced by installDrainOnClose, which answers in the API's error shape.
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
  app.server.maxConnections = config.maxConnections
  limitConnectionsPerAddress(app.server, { max: config.maxConnectionsPerIp, trustProxy: config.trustProxy })
  // Headers past this count are dropped by Node rather than parsed; no client of ours sends more than a few.
  app.server.maxHeadersCount = 100

  // Probed once a second during an outage: a stall that never dropped the connection ends with no reconnect.
  let pingStores: () => Promise<void> = async () => {}
  const outages = new OutageLog({ log: logger, what: 'The session store (Redis)', probe: () => pingStores() })
  const stores =
    deps.stores ??
    (await createStores({
      redisUrl: config.redisUrl,
      prefix: deps.redisPrefix,
      sessionMaxAgeMs: config.sessionMaxAgeSec * 1000,
      onRedisError: (error) => outages.failure(error),
    }))
  stores.redis?.on('ready', () => outages.recovered())
  pingStores = () => stores.ping(LOGIN_STORE_CHECK_MS)

  // Metrics are off unless METRICS_PORT is set; off, nothing of them runs on any request.
  const uploadDir = resolve(config.uploadDir)
  const diskStorage = deps.avatarStorage ?? new LocalDiskStorage(uploadDir, config.uploadMaxTotalBytes)
  const metrics =
    config.metricsPort === undefined
      ? undefined
      : createServerMetrics({
          redis: stores.redis !== undefined,
          ...(diskStorage instanceof LocalDiskStorage ? { avatarStorageUsedBytes: () => diskStorage.usedBytes } : {}),
        })
  const stopRedisMetrics = metrics === undefined || stores.redis === undefined ? undefined : observeRedis(stores.redis, stores.redis.status === 'ready', metrics)
  app.addHook('onClose', async () => {
    outages.stop()
    stopRedisMetrics?.()
    await stores.close()
  })

  const stats = createDevStats()
  // Both WeChat clients (the mini program's and the official account's) call the same host with the same transport.
  const wechatHttp = {
    apiBase: config.wxApiBase === undefined ? () => selfBaseUrl(app) : () => config.wxApiBase ?? '',
    timeoutMs: config.wxTimeoutMs,
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
  }
  const wechatClient = createWechatClient({ ...wechatHttp, appid: config.appid, secret: config.secret })
  const observedWechat = metrics === undefined ? wechatClient : observeWechat(wechatClient, metrics)
  const wechat = config.wxEmulator ? countWechatCalls(observedWechat, stats) : observedWechat
  const webOauth =
    config.oaAppid === undefined || config.oaSecret === undefined
      ? undefined
      : createOauthClient({ ...wechatHttp, appid: config.oaAppid, secret: config.oaSecret })
  const sessions = new SessionService({
    store: stores.sessions,
    idleTtlMs: config.sessionIdleTtlSec * 1000,
    maxAgeMs: config.sessionMaxAgeSec * 1000,
    now,
    ...(metrics === undefined ? {} : { observer: sessionCounters(metrics) }),
  })
  const accessTokens = new AccessTokenProvider({
    kv: stores.kv,
    appid: config.appid,
    prefix: stores.prefix,
    now,
    fetchToken: () => wechat.fetchStableToken(),
  })
  const ctx: AppContext = { config, stores, now, stats, wechat, webOauth, sessions, accessTokens, metrics }
  app.decorate('ctx', ctx)
  app.decorateRequest('authSession', null)

  installErrorHandling(app, outages, metrics === undefined ? undefined : (request, error) => countApiError(metrics, request, error))
  installHostCheck(app)
  installDrainOnClose(app, { drainMs: config.shutdownDrainMs, timeoutMs: config.shutdownTimeoutMs })
  installSecurityHeaders(app)
  installJsonBody(app)
  // NOTE: before the routes: Fastify gives a route the hooks added before it.
  if (metrics !== undefined) installRequestMetrics(app, metrics)
  const probes: RequestProbes = new Map()
  if (config.wxEmulator) {
    countLogins(app, stats)
    countRequestProbes(app, probes)
  }

  if (config.corsOrigins === '*' || config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins === '*' ? true : config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: config.corsAllowedHeaders,
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
    ...(stores.redis === undefined ? {} : { store: redisRateLimitStore(stores.redis, `${stores.prefix}rl:`) }),
  })

  const storage = metrics === undefined ? diskStorage : observeAvatarStorage(diskStorage, metrics)
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root: uploadDir,
      prefix: UPLOADS_PREFIX,
      decorateReply: false,
      index: false,
      list: false,
      // Only the flat, random names LocalDiskStorage hands out; anything else (a dot file, a subfolder, a file put
      // there by hand) is not found. `dotfiles: 'deny'` stays as a second guard: @fastify/static 9 allows dot
      // files by default, and its `serveDotFiles` only steers the wildcard-less glob, never what is served.
      allowedPath: (pathname) => STORED_NAME.test(pathname.replace(/^\//, '')),
      dotfiles: 'deny',
      // Uploads are user content: never let a browser sniff them into something executable.
      setHeaders: (res) => {
        res.setHeader('x-content-type-options', 'nosniff')
        res.setHeader('content-security-policy', "default-src 'none'")
      },
    })
  })

  // The contract as OpenAPI 3.1, outside production; before the routes, so it sees them.
  if (!config.production) await app.register(openApiPlugin)

  const avatarUrl = avatarUrlBuilder(config.publicUrl, () => listeningOrigin(app))
  const checkSessionStore = async (): Promise<void> => {
    try {
      await stores.ping(LOGIN_STORE_CHECK_MS)
    } catch (error) {
      throw new ServiceUnavailableError('The session store', error)
    }
  }
  // One count per address for both logins, on the memory store as on Redis: a client that alternates between the
  // mini program's and the web login gets LOGIN_RATE_LIMIT attempts a minute in all, not twice that.
  const loginsPerIp = app.createRateLimit({
    max: config.loginRateLimit,
    timeWindow: 60_000,
    // IPv6 clients are counted by their /64: each one can pick any address of it.
    keyGenerator: (request) => `login-ip:${addressGroup(request.ip)}`,
  })
  const login = { sessions, users: stores.users, checkSessionStore, loginsPerIp, avatarUrl, now }
  await app.register(authRoutes, { ...login, wechat })
  await app.register(webLoginRoutes, { ...login, oauth: webOauth })
  await app.register(meRoutes, { sessions, users: stores.users, avatarUrl })
  await app.register(phoneRoutes, { sessions, users: stores.users, wechat, accessTokens, avatarUrl })
  await app.register(decryptRoutes, { sessions, appid: config.appid, watermarkMaxAgeSec: config.watermarkMaxAgeSec, now })
  await app.register(healthRoutes, { stores })
  await app.register(avatarRoutes, { sessions, users: stores.users, storage, uploadsPerHour: config.avatarRateLimit, avatarUrl })

  if (config.wxEmulator) {
    await app.register(emulatorPlugin, {
      appid: config.appid,
      secret: config.secret,
      ...(config.oaAppid === undefined || config.oaSecret === undefined ? {} : { oaAppid: config.oaAppid, oaSecret: config.oaSecret }),
      now: deps.emulatorNow ?? now,
    })
    await app.register(devRoutes, { stats, stores, probes })
  }
  return app
}

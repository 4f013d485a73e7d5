import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { SessionEndReason } from '../sessions/sessionService'

/** Which login: the mini program's (`POST /api/auth/login`) or the one in WeChat's browser (`/api/auth/web-login`). */
export type LoginKind = 'mini_program' | 'web'

/** The WeChat APIs whose calls are counted by errcode. */
export type CountedWechatApi = 'jscode2session' | 'getuserphonenumber'

/**
 * The server's Prometheus metrics, in their own registry (one per app, so tests and several apps in one process do
 * not share counters). docs/server.md ("Operate it") lists them with what to alert on.
 */
export interface ServerMetrics {
  readonly registry: Registry
  /** `wxls_http_request_duration_seconds{method,route,status}`: every answer; its `_count` is the request count. */
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>
  /** `wxls_logins_total{kind,outcome}`: every login answer, `ok` or the contract's error code. */
  readonly logins: Counter<'kind' | 'outcome'>
  /** `wxls_session_expired_total{reason}`: every `401 session_expired` answer. */
  readonly sessionExpired: Counter<'reason'>
  /** `wxls_wechat_calls_total{api,errcode}`: code2Session and phone-number calls, `0` on success. */
  readonly wechatCalls: Counter<'api' | 'errcode'>
  /** `wxls_access_token_fetches_total{outcome}`: stable access-token fetches, `ok` or `failed`. */
  readonly accessTokenFetches: Counter<'outcome'>
  readonly sessionsIssued: Counter
  readonly sessionsRevoked: Counter
  /** `wxls_redis_up`: 1 while the Redis connection is ready, 0 otherwise (absent on the memory store). */
  readonly redisUp: Gauge
  /** `wxls_redis_outages_total`: times a ready Redis connection was lost. */
  readonly redisOutages: Counter
  /** `wxls_avatar_stored_bytes_total`: bytes of avatars stored since start. */
  readonly avatarBytesStored: Counter
}

/** Options of {@link createServerMetrics}. */
export interface ServerMetricsOptions {
  /** The bytes the avatar storage holds now, read at each scrape (`wxls_avatar_storage_used_bytes`). */
  avatarStorageUsedBytes?: () => number
  /** Whether Redis is in use (`wxls_redis_up` and `wxls_redis_outages_total` are only registered then). */
  redis?: boolean
}

const SESSION_END_REASONS: readonly SessionEndReason[] = ['unknown', 'idle', 'absolute']

/** Creates {@link ServerMetrics} with Node's default process metrics (`process_*`, `nodejs_*`) in the same registry. */
export function createServerMetrics(options: ServerMetricsOptions = {}): ServerMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const registers = [registry]
  const metrics: ServerMetrics = {
    registry,
    requestDuration: new Histogram({
      name: 'wxls_http_request_duration_seconds',
      help: 'HTTP answers by method, route (the route pattern; "unmatched" for a 404) and status, with their latency',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    logins: new Counter({
      name: 'wxls_logins_total',
      help: 'Login answers by kind (mini_program, web) and outcome (ok or the error code answered)',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    sessionExpired: new Counter({
      name: 'wxls_session_expired_total',
      help: '401 session_expired answers by reason (unknown: no such session, incl. revoked and collected; idle; absolute)',
      labelNames: ['reason'],
      registers,
    }),
    wechatCalls: new Counter({
      name: 'wxls_wechat_calls_total',
      help: 'Calls of WeChat APIs by api and errcode (0: success; "none": no WeChat answer, e.g. a timeout)',
      labelNames: ['api', 'errcode'],
      registers,
    }),
    accessTokenFetches: new Counter({
      name: 'wxls_access_token_fetches_total',
      help: 'Fetches of the access token (stable_token) by outcome (ok, failed)',
      labelNames: ['outcome'],
      registers,
    }),
    sessionsIssued: new Counter({ name: 'wxls_sessions_issued_total', help: 'Sessions issued (logins)', registers }),
    sessionsRevoked: new Counter({
      name: 'wxls_sessions_revoked_total',
      help: 'Sessions revoked: one per logout, plus every session a logout-all ended',
      registers,
    }),
    redisUp: new Gauge({
      name: 'wxls_redis_up',
      help: '1 while the Redis connection is ready, else 0',
      registers: options.redis === true ? registers : [],
    }),
    redisOutages: new Counter({
      name: 'wxls_redis_outages_total',
      help: 'Times a ready Redis connection was lost',
      registers: options.redis === true ? registers : [],
    }),
    avatarBytesStored: new Counter({ name: 'wxls_avatar_stored_bytes_total', help: 'Bytes of avatars stored', registers }),
  }
  const usedBytes = options.avatarStorageUsedBytes
  if (usedBytes !== undefined) {
    new Gauge({
      name: 'wxls_avatar_storage_used_bytes',
      help: 'Bytes the avatar storage holds (UPLOAD_MAX_TOTAL_BYTES is its quota)',
      registers,
      collect() {
        this.set(usedBytes())
      },
    })
  }
  // Series that exist from the start, so a rate() over them is defined before the first event.
  for (const reason of SESSION_END_REASONS) metrics.sessionExpired.inc({ reason }, 0)
  for (const kind of ['mini_program', 'web'] as const) metrics.logins.inc({ kind, outcome: 'ok' }, 0)
  metrics.accessTokenFetches.inc({ outcome: 'ok' }, 0)
  metrics.accessTokenFetches.inc({ outcome: 'failed' }, 0)
  return metrics
}

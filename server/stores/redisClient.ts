import { Cluster, Redis } from 'ioredis'
import type { RedisOptions } from 'ioredis'
import { ServiceUnavailableError } from '../errors'
import { parseRedisUrl } from './redisUrl'

/** The client the Redis stores share: one node or Sentinel-managed (`Redis`), or a Redis Cluster (`Cluster`). */
export type RedisConnection = Redis | Cluster

/** Options of {@link createRedisClient}. */
export interface RedisClientOptions {
  /** Called (throttled by ioredis' reconnect backoff) when the connection fails; never receives the URL's password. */
  onError?: (error: Error) => void
}

// Fail fast rather than hang: no offline queue (a command while disconnected rejects at once), one retry per request,
// short connect and command timeouts, reconnection in the background.
const FAIL_FAST: RedisOptions = {
  maxRetriesPerRequest: 1,
  enableOfflineQueue: false,
  connectTimeout: 2000,
  commandTimeout: 2000,
  lazyConnect: false,
  retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
}

/**
 * Creates the ioredis client shared by the Redis stores from a `REDIS_URL` (see parseRedisUrl for the three forms:
 * one node, Sentinel, Cluster), tuned to fail fast: a command while Redis is unreachable rejects at once instead of
 * queueing, and the client keeps reconnecting in the background, so the server recovers on its own.
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): RedisConnection {
  const target = parseRedisUrl(url)
  const auth: RedisOptions = {
    ...(target.username === undefined ? {} : { username: target.username }),
    ...(target.password === undefined ? {} : { password: target.password }),
    ...(target.tls ? { tls: {} } : {}),
  }
  let client: RedisConnection
  if (target.mode === 'single') {
    client = new Redis(target.url, FAIL_FAST)
  } else if (target.mode === 'sentinel') {
    client = new Redis({
      ...FAIL_FAST,
      ...auth,
      // A master demoted by a failover answers writes with READONLY until the Sentinel tells it to drop its
      // clients: reconnect at once, which asks the Sentinels for the new master. The failed command fails (503);
      // it is not resent, so a node stuck as a replica cannot start a reconnect loop.
      reconnectOnError: (error) => error.message.startsWith('READONLY'),
      sentinels: target.sentinels,
      name: target.masterName,
      db: target.db,
      ...(target.sentinelPassword === undefined ? {} : { sentinelPassword: target.sentinelPassword }),
      ...(target.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
    })
  } else {
    client = new Cluster(target.nodes, {
      // Node connections open on their first command (ioredis' own default, which FAIL_FAST's `lazyConnect: false`
      // would otherwise override). The Cluster's ready check (CLUSTER INFO) goes to a random master right after the
      // slot map arrives; with eager node connections that master was often still waiting on its own INFO, and with
      // `enableOfflineQueue: false` the check then failed ("Connection is closed."), the client dropped every
      // connection and started over after the retry delay (200, 400, 800, 1600 ms…): not ready for seconds, or never
      // while the nodes answer slowly. A connection that is not open yet takes the command and opens itself.
      redisOptions: { ...FAIL_FAST, ...auth, lazyConnect: true },
      enableOfflineQueue: false,
      // Replicas may lag: a session read right after a login must see the login's write.
      scaleReads: 'master',
      clusterRetryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
      slotsRefreshTimeout: 2000,
    })
  }
  // Without a listener, ioredis' 'error' events would crash the process.
  client.on('error', (error: Error) => options.onError?.(error))
  return client
}

/** Resolves true once the client is ready, or false after `timeoutMs` (the caller decides what degraded means). */
export async function waitForRedis(redis: RedisConnection, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return true
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer)
      redis.off('ready', onReady)
      resolve(ok)
    }
    const onReady = (): void => done(true)
    const timer = setTimeout(() => done(false), timeoutMs)
    redis.on('ready', onReady)
  })
}

/**
 * Runs one Redis operation and turns any failure (connection refused, timeout, offline) into a
 * ServiceUnavailableError naming `what`, so routes answer 503 instead of 500 and never wait on a dead server.
 */
export async function guardRedis<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation()
  } catch (error) {
    throw new ServiceUnavailableError(what, error)
  }
}

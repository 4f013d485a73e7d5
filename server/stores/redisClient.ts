import { Redis } from 'ioredis'
import { ServiceUnavailableError } from '../errors'

/** Options of {@link createRedisClient}. */
export interface RedisClientOptions {
  /** Called (throttled by ioredis' reconnect backoff) when the connection fails; never receives the URL's password. */
  onError?: (error: Error) => void
}

/**
 * Creates the ioredis client shared by the Redis stores, tuned to fail fast rather than hang: no offline queue
 * (a command while disconnected rejects at once), one retry per request, short connect and command timeouts.
 * It keeps reconnecting in the background, so the server recovers on its own when Redis comes back.
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    commandTimeout: 2000,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
  })
  // Without a listener, ioredis' 'error' events would crash the process.
  redis.on('error', (error: Error) => options.onError?.(error))
  return redis
}

/** Resolves true once the client is ready, or false after `timeoutMs` (the caller decides what degraded means). */
export async function waitForRedis(redis: Redis, timeoutMs: number): Promise<boolean> {
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

import type { KeyValueStore } from './keyValueStore'
import { MemoryKeyValueStore } from './memoryKeyValueStore'
import { MemorySessionStore } from './memorySessionStore'
import { MemoryUserStore } from './memoryUserStore'
import { createRedisClient, waitForRedis } from './redisClient'
import type { RedisConnection } from './redisClient'
import { RedisKeys } from './redisKeys'
import { RedisKeyValueStore } from './redisKeyValueStore'
import { RedisSessionStore } from './redisSessionStore'
import { RedisUserStore } from './redisUserStore'
import type { SessionStore } from './sessionStore'
import type { UserStore } from './userStore'
import { UserTags } from './userTags'

/** Every store the server uses, from one backend, plus what health checks and shutdown need. */
export interface Stores {
  kind: 'memory' | 'redis'
  sessions: SessionStore
  users: UserStore
  kv: KeyValueStore
  /** The shared client when kind is 'redis' (one node, Sentinel or Cluster; the rate limiter uses it too). */
  redis: RedisConnection | undefined
  /** Key namespace of the Redis stores. */
  prefix: string
  /** Resolves when the backend answers within `timeoutMs`, rejects otherwise. */
  ping(timeoutMs: number): Promise<void>
  /** Releases connections; the stores are unusable afterwards. */
  close(): Promise<void>
}

/** Options of {@link createStores}. */
export interface CreateStoresOptions {
  /** Unset: memory stores. One node, Sentinel or Cluster: see parseRedisUrl for the forms. */
  redisUrl?: string | undefined
  /** Redis key namespace, default `wxls:`; tests use a unique one per run. */
  prefix?: string
  /** Bounds the per-user session index TTL in Redis. */
  sessionMaxAgeMs: number
  /** How long start-up waits for Redis before carrying on degraded. Default 3000 ms. */
  connectWaitMs?: number
  /**
   * Called on the client's connection errors, and once when start-up's wait ends with the client not ready (a
   * Cluster client that is still fetching its slot map emits no error of its own, and would otherwise go unreported
   * until a request fails).
   */
  onRedisError?: (error: Error) => void
}

/**
 * Creates the memory stores, or the Redis stores on one shared client when `redisUrl` is set. It waits briefly for
 * Redis but never fails start-up on it: a server whose Redis is down still starts, answers 503 on store-backed
 * routes, reports `degraded` on /healthz and recovers when Redis returns.
 */
export async function createStores(options: CreateStoresOptions): Promise<Stores> {
  const prefix = options.prefix ?? 'wxls:'
  if (options.redisUrl === undefined) {
    const users = new MemoryUserStore()
    return {
      kind: 'memory',
      sessions: new MemorySessionStore({ readUser: (id) => users.get(id) }),
      users,
      kv: new MemoryKeyValueStore(),
      redis: undefined,
      prefix,
      ping: async () => {},
      close: async () => {},
    }
  }
  const redis = createRedisClient(options.redisUrl, { onError: options.onRedisError })
  const waitMs = options.connectWaitMs ?? 3000
  if (!(await waitForRedis(redis, waitMs))) {
    options.onRedisError?.(new Error(`Redis is not ready after ${waitMs} ms (client ${redis.status}); starting degraded, it keeps connecting`))
  }
  // One id → tag cache for both stores: a login's upsert fills it, so issuing the session needs no lookup.
  const tags = new UserTags(redis, new RedisKeys(prefix))
  return {
    kind: 'redis',
    sessions: new RedisSessionStore(redis, { prefix, indexTtlMs: options.sessionMaxAgeMs, tags }),
    users: new RedisUserStore(redis, { prefix, tags }),
    kv: new RedisKeyValueStore(redis),
    redis,
    prefix,
    ping: (timeoutMs) => pingWithin(redis, timeoutMs),
    close: async () => {
      // QUIT lets pending replies arrive; when Redis is already gone it rejects at once and we just drop the socket.
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}

async function pingWithin(redis: RedisConnection, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer PING within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    await Promise.race([redis.ping(), timeout])
  } finally {
    clearTimeout(timer)
  }
}

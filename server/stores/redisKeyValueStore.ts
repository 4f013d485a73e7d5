import type { RedisConnection } from './redisClient'
import { guardRedis } from './redisClient'
import type { KeyValueStore } from './keyValueStore'

const WHAT = 'Key-value store'

// Compare-and-delete must be atomic, or a lock holder whose lock expired could delete the next holder's lock.
const DELETE_IF_EQUALS = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`

/**
 * A KeyValueStore on Redis, shared by every instance: `setIfAbsent` is `SET NX PX` and `deleteIfEquals` a Lua
 * compare-and-delete, which together make a cross-process lock. Keys are used as given (callers namespace them).
 */
export class RedisKeyValueStore implements KeyValueStore {
  constructor(private readonly redis: RedisConnection) {}

  async get(key: string): Promise<string | undefined> {
    const value = await guardRedis(WHAT, () => this.redis.get(key))
    return value ?? undefined
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await guardRedis(WHAT, () => this.redis.set(key, value, 'PX', ttlMs))
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const result = await guardRedis(WHAT, () => this.redis.set(key, value, 'PX', ttlMs, 'NX'))
    return result === 'OK'
  }

  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    const deleted = await guardRedis(WHAT, () => this.redis.eval(DELETE_IF_EQUALS, 1, key, value))
    return deleted === 1
  }
}

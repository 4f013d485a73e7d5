import { LRUCache } from 'lru-cache'
import type { KeyValueStore } from './keyValueStore'

/**
 * A single-process KeyValueStore on lru-cache. Its `setIfAbsent` is an in-process lock: enough when one process
 * refreshes the access token, not across instances (use the Redis store for that).
 */
export class MemoryKeyValueStore implements KeyValueStore {
  private readonly cache = new LRUCache<string, string>({ max: 10_000 })

  async get(key: string): Promise<string | undefined> {
    return this.cache.get(key)
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.cache.set(key, value, { ttl: ttlMs })
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.cache.has(key)) return false
    this.cache.set(key, value, { ttl: ttlMs })
    return true
  }

  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    if (this.cache.get(key) !== value) return false
    return this.cache.delete(key)
  }
}

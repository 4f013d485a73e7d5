import { LRUCache } from 'lru-cache'
import type { SessionRecord, SessionStore } from './sessionStore'

/** Options of {@link MemorySessionStore}. */
export interface MemorySessionStoreOptions {
  /** At most this many sessions are kept; the least recently used go first. Default 100 000. */
  max?: number
}

/**
 * A single-process SessionStore on lru-cache. Entries expire after their TTL and the least recently used are
 * evicted past `max`, so memory stays bounded; sessions do not survive a restart and are not shared between
 * instances (use the Redis store for that).
 */
export class MemorySessionStore implements SessionStore {
  private readonly byUser = new Map<string, Set<string>>()
  private readonly cache: LRUCache<string, SessionRecord>

  constructor(options: MemorySessionStoreOptions = {}) {
    this.cache = new LRUCache<string, SessionRecord>({
      max: options.max ?? 100_000,
      ttlAutopurge: false,
      // NOTE: overwrites (update) call dispose with reason 'set'; the session is still there, so keep the index.
      dispose: (record, hash, reason) => {
        if (reason !== 'set') this.unindex(record.userId, hash)
      },
    })
  }

  async create(hash: string, record: SessionRecord, ttlMs: number): Promise<void> {
    this.cache.set(hash, { ...record }, { ttl: ttlMs })
    let hashes = this.byUser.get(record.userId)
    if (hashes === undefined) {
      hashes = new Set()
      this.byUser.set(record.userId, hashes)
    }
    hashes.add(hash)
  }

  async get(hash: string): Promise<SessionRecord | undefined> {
    const record = this.cache.get(hash)
    return record === undefined ? undefined : { ...record }
  }

  async update(hash: string, record: SessionRecord, ttlMs: number): Promise<boolean> {
    if (!this.cache.has(hash)) return false
    this.cache.set(hash, { ...record }, { ttl: ttlMs })
    return true
  }

  async delete(hash: string): Promise<void> {
    this.cache.delete(hash)
  }

  async deleteAllForUser(userId: string): Promise<number> {
    const hashes = [...(this.byUser.get(userId) ?? [])]
    let deleted = 0
    for (const hash of hashes) {
      if (this.cache.delete(hash)) deleted++
    }
    this.byUser.delete(userId)
    return deleted
  }

  async count(): Promise<number> {
    this.cache.purgeStale()
    return this.cache.size
  }

  async clear(): Promise<void> {
    this.cache.clear()
    this.byUser.clear()
  }

  private unindex(userId: string, hash: string): void {
    const hashes = this.byUser.get(userId)
    if (hashes === undefined) return
    hashes.delete(hash)
    if (hashes.size === 0) this.byUser.delete(userId)
  }
}

import { LRUCache } from 'lru-cache'
import { newUserTag } from './userTags'
import { slideSession } from './slideSession'
import type { SessionLocator, SessionRecord, SessionStore, TouchPolicy, TouchResult } from './sessionStore'
import type { UserRecord } from './userStore'

/** Options of {@link MemorySessionStore}. */
export interface MemorySessionStoreOptions {
  /** At most this many sessions are kept; the least recently used go first. Default 100 000. */
  max?: number
  /** Reads a session's user for `touch`; without it, touch reports no user. */
  readUser?: (userId: string) => Promise<UserRecord | undefined>
}

/**
 * A single-process SessionStore on lru-cache, keyed by token hash (one process has no slots, so the tag only
 * names the user's tokens). A user's tag is drawn once and kept for good, as on Redis, where it is the user's
 * Cluster slot: one tag per user ever, like the users themselves (which this process keeps too). Entries expire after their TTL and the least recently used are evicted past `max`, so
 * memory stays bounded; sessions do not survive a restart and are not shared between instances (use the Redis
 * store for that).
 */
export class MemorySessionStore implements SessionStore {
  private readonly byUser = new Map<string, Set<string>>()
  private readonly tags = new Map<string, string>()
  private readonly cache: LRUCache<string, SessionRecord>

  constructor(private readonly options: MemorySessionStoreOptions = {}) {
    this.cache = new LRUCache<string, SessionRecord>({
      max: options.max ?? 100_000,
      ttlAutopurge: false,
      // NOTE: overwrites (a slide) call dispose with reason 'set'; the session is still there, so keep the index.
      dispose: (record, hash, reason) => {
        if (reason !== 'set') this.unindex(record.userId, hash)
      },
    })
  }

  async tagFor(userId: string): Promise<string> {
    let tag = this.tags.get(userId)
    if (tag === undefined) {
      tag = newUserTag()
      this.tags.set(userId, tag)
    }
    return tag
  }

  async create(locator: SessionLocator, record: SessionRecord, ttlMs: number): Promise<void> {
    this.cache.set(locator.hash, { ...record }, { ttl: ttlMs })
    let hashes = this.byUser.get(record.userId)
    if (hashes === undefined) {
      hashes = new Set()
      this.byUser.set(record.userId, hashes)
    }
    hashes.add(locator.hash)
  }

  async get(locator: SessionLocator): Promise<SessionRecord | undefined> {
    const record = this.cache.get(locator.hash)
    return record === undefined ? undefined : { ...record }
  }

  async touch(locator: SessionLocator, policy: TouchPolicy): Promise<TouchResult> {
    const stored = this.cache.get(locator.hash)
    if (stored === undefined) return { state: 'unknown' }
    const decision = slideSession(stored, policy)
    if (decision.ended) {
      this.cache.delete(locator.hash)
      return { state: 'ended', reason: decision.reason }
    }
    if (decision.write) {
      this.cache.set(locator.hash, { ...decision.record }, { ttl: decision.record.idleExpiresAt - policy.now })
    }
    const user = await this.options.readUser?.(stored.userId)
    return { state: 'active', record: decision.record, user }
  }

  async delete(locator: SessionLocator): Promise<void> {
    this.cache.delete(locator.hash)
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
    this.tags.clear()
  }

  private unindex(userId: string, hash: string): void {
    const hashes = this.byUser.get(userId)
    if (hashes === undefined) return
    hashes.delete(hash)
    if (hashes.size === 0) this.byUser.delete(userId)
  }
}

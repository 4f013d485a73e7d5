import type { Redis } from 'ioredis'
import { guardRedis } from './redisClient'
import { throwOnFailedStep } from './throwOnFailedStep'
import type { SessionRecord, SessionStore } from './sessionStore'
import { parseSessionRecord } from './parseSessionRecord'

/** Options of {@link RedisSessionStore}. */
export interface RedisSessionStoreOptions {
  /** Key namespace, default `wxls:`. Keys: `<prefix>sess:<hash>` and `<prefix>user-sessions:<userId>`. */
  prefix?: string
  /** How long a user's session index outlives its newest session; use the session max age. */
  indexTtlMs: number
}

const WHAT = 'Session store'

/**
 * A SessionStore on Redis, shared by every instance behind a load balancer. Each session is a JSON string with a
 * PX expiry; each user has a set of their session hashes for logout-all. Updates use `SET … XX` so a session
 * revoked by another instance is never brought back by a late slide.
 */
export class RedisSessionStore implements SessionStore {
  private readonly prefix: string

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisSessionStoreOptions,
  ) {
    this.prefix = options.prefix ?? 'wxls:'
  }

  async create(hash: string, record: SessionRecord, ttlMs: number): Promise<void> {
    const index = this.indexKey(record.userId)
    await guardRedis(WHAT, () =>
      this.redis
        .multi()
        .set(this.sessionKey(hash), JSON.stringify(record), 'PX', ttlMs)
        .sadd(index, hash)
        .pexpire(index, this.options.indexTtlMs)
        .exec()
        .then(throwOnFailedStep),
    )
  }

  async get(hash: string): Promise<SessionRecord | undefined> {
    const raw = await guardRedis(WHAT, () => this.redis.get(this.sessionKey(hash)))
    return raw === null ? undefined : parseSessionRecord(raw)
  }

  async update(hash: string, record: SessionRecord, ttlMs: number): Promise<boolean> {
    const result = await guardRedis(WHAT, () =>
      this.redis.set(this.sessionKey(hash), JSON.stringify(record), 'PX', ttlMs, 'XX'),
    )
    return result === 'OK'
  }

  async delete(hash: string): Promise<void> {
    const record = await this.get(hash)
    await guardRedis(WHAT, async () => {
      const tx = this.redis.multi().del(this.sessionKey(hash))
      if (record !== undefined) tx.srem(this.indexKey(record.userId), hash)
      throwOnFailedStep(await tx.exec())
    })
  }

  async deleteAllForUser(userId: string): Promise<number> {
    const index = this.indexKey(userId)
    return guardRedis(WHAT, async () => {
      const hashes = await this.redis.smembers(index)
      if (hashes.length === 0) return 0
      const results = throwOnFailedStep(
        await this.redis
          .multi()
          .del(...hashes.map((h) => this.sessionKey(h)))
          .del(index)
          .exec(),
      )
      const deleted = results[0]?.[1]
      return typeof deleted === 'number' ? deleted : 0
    })
  }

  async count(): Promise<number> {
    return guardRedis(WHAT, async () => {
      let total = 0
      for await (const keys of this.redis.scanStream({ match: `${this.prefix}sess:*`, count: 1000 })) {
        total += (keys as string[]).length
      }
      return total
    })
  }

  async clear(): Promise<void> {
    await guardRedis(WHAT, async () => {
      for (const pattern of [`${this.prefix}sess:*`, `${this.prefix}user-sessions:*`]) {
        for await (const keys of this.redis.scanStream({ match: pattern, count: 1000 })) {
          const batch = keys as string[]
          if (batch.length > 0) await this.redis.del(...batch)
        }
      }
    })
  }

  private sessionKey(hash: string): string {
    return `${this.prefix}sess:${hash}`
  }

  private indexKey(userId: string): string {
    return `${this.prefix}user-sessions:${userId}`
  }
}

import { randomBytes } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import type { RedisConnection } from './redisClient'
import type { RedisKeys } from './redisKeys'

/** A new slot tag: 9 random bytes, 12 base64url characters, unrelated to the user's id or openid. */
export function newUserTag(): string {
  return randomBytes(9).toString('base64url')
}

/**
 * The user id → slot tag mapping behind the Redis stores (`<prefix>user-tag:<id>`). A tag is claimed once with
 * `SET NX` and never changes, so every process may cache it forever: after a login on this instance, reaching the
 * user's keys by id costs no lookup. The cache is bounded; a miss is one GET.
 */
export class UserTags {
  private readonly cache: LRUCache<string, string>

  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: RedisKeys,
    options: { cacheSize?: number } = {},
  ) {
    this.cache = new LRUCache({ max: options.cacheSize ?? 100_000 })
  }

  /** The user's tag, or undefined when the user has none (unknown, or still in the layout before tags). */
  async find(userId: string): Promise<string | undefined> {
    const cached = this.cache.get(userId)
    if (cached !== undefined) return cached
    const tag = await this.redis.get(this.keys.userTag(userId))
    if (tag !== null) this.cache.set(userId, tag)
    return tag ?? undefined
  }

  /** Claims `candidate` as the user's tag unless another one was claimed first; returns the tag that holds. */
  async claim(userId: string, candidate: string = newUserTag()): Promise<string> {
    const set = await this.redis.set(this.keys.userTag(userId), candidate, 'NX')
    const tag = set === 'OK' ? candidate : await this.redis.get(this.keys.userTag(userId))
    if (tag === null) throw new Error('user tag vanished while being claimed')
    this.cache.set(userId, tag)
    return tag
  }

  /** Drops a tag claimed for an id that lost a sign-up race (that id is never used). */
  async release(userId: string): Promise<void> {
    this.cache.delete(userId)
    await this.redis.del(this.keys.userTag(userId))
  }

  /** Remembers a tag learnt elsewhere (a session token carries its user's tag). */
  remember(userId: string, tag: string): void {
    this.cache.set(userId, tag)
  }
}

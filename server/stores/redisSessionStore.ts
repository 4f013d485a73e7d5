import { guardRedis } from './redisClient'
import type { RedisConnection } from './redisClient'
import { RedisKeys } from './redisKeys'
import { deleteMatching, scanKeys } from './scanKeys'
import { CREATE, DELETE_ALL, TOUCH } from './sessionScripts'
import { throwOnFailedStep } from './throwOnFailedStep'
import type { SessionLocator, SessionRecord, SessionStore, TouchPolicy, TouchResult } from './sessionStore'
import { parseSessionRecord } from './parseSessionRecord'
import { fromUserHash, pairsToHash } from './userHash'
import { UserTags } from './userTags'

/** Options of {@link RedisSessionStore}. */
export interface RedisSessionStoreOptions {
  /** Key namespace, default `wxls:`; the layout is described in redisKeys.ts. */
  prefix?: string
  /** How long a user's session index outlives its newest session; use the session max age. */
  indexTtlMs: number
  /** The id → tag mapping, shared with the RedisUserStore on the same client (one is created otherwise). */
  tags?: UserTags
}

const WHAT = 'Session store'

function withIdle(raw: unknown, idle: unknown): SessionRecord | undefined {
  const record = typeof raw === 'string' ? parseSessionRecord(raw) : undefined
  const idleExpiresAt = typeof idle === 'number' ? idle : Number(idle)
  if (record === undefined || !Number.isFinite(idleExpiresAt)) return undefined
  return { ...record, idleExpiresAt }
}

/**
 * A SessionStore on Redis (one node, Sentinel or Cluster), shared by every instance behind a load balancer. A
 * session and its user sit in the user's slot, so `touch` (the authenticated-request path: read, expiry check,
 * slide and user read) is one EVALSHA, one round trip, atomic: a session revoked by another instance is never
 * brought back by a late slide. Create and logout-all are scripts too; a single logout is one MULTI.
 */
export class RedisSessionStore implements SessionStore {
  private readonly keys: RedisKeys
  private readonly tags: UserTags

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisSessionStoreOptions,
  ) {
    this.keys = new RedisKeys(options.prefix ?? 'wxls:')
    this.tags = options.tags ?? new UserTags(redis, this.keys)
  }

  async tagFor(userId: string): Promise<string> {
    return guardRedis(WHAT, async () => (await this.tags.find(userId)) ?? (await this.tags.claim(userId)))
  }

  async create(locator: SessionLocator, record: SessionRecord, ttlMs: number): Promise<void> {
    const { tag, hash } = locator
    await guardRedis(WHAT, () =>
      CREATE.run(
        this.redis,
        [this.keys.session(tag, hash), this.keys.sessionIndex(tag)],
        [JSON.stringify(record), record.expiresAt, record.idleExpiresAt, Math.max(1, Math.ceil(ttlMs)), hash, this.keys.sessionPrefix(tag), this.options.indexTtlMs],
      ),
    )
  }

  async get(locator: SessionLocator): Promise<SessionRecord | undefined> {
    const [raw, idle] = await guardRedis(WHAT, () => this.redis.hmget(this.keys.session(locator.tag, locator.hash), 'd', 'i'))
    return withIdle(raw, idle)
  }

  async touch(locator: SessionLocator, policy: TouchPolicy): Promise<TouchResult> {
    const { tag, hash } = locator
    const reply = await guardRedis(WHAT, () =>
      TOUCH.run(
        this.redis,
        [this.keys.session(tag, hash), this.keys.sessionIndex(tag), this.keys.user(tag)],
        [policy.now, policy.idleTtlMs, policy.minSlideMs, hash],
      ),
    )
    if (!Array.isArray(reply)) return { state: 'unknown' }
    if (reply[0] === 2) return { state: 'ended', reason: reply[1] === 1 ? 'absolute' : 'idle' }
    const record = reply[0] === 1 ? withIdle(reply[1], reply[2]) : undefined
    if (record === undefined) return { state: 'unknown' }
    const user = fromUserHash(pairsToHash(reply[3]))
    // The tag is the user's for good: later reads by user id on this instance need no lookup.
    this.tags.remember(record.userId, tag)
    return { state: 'active', record, user: user?.id === record.userId ? user : undefined }
  }

  async delete(locator: SessionLocator): Promise<void> {
    const { tag, hash } = locator
    await guardRedis(WHAT, async () => {
      throwOnFailedStep(await this.redis.multi().del(this.keys.session(tag, hash)).srem(this.keys.sessionIndex(tag), hash).exec())
    })
  }

  async deleteAllForUser(userId: string): Promise<number> {
    return guardRedis(WHAT, async () => {
      const tag = await this.tags.find(userId)
      if (tag === undefined) return 0
      const deleted = await DELETE_ALL.run(this.redis, [this.keys.sessionIndex(tag)], [this.keys.sessionPrefix(tag)])
      return typeof deleted === 'number' ? deleted : 0
    })
  }

  async count(): Promise<number> {
    return guardRedis(WHAT, async () => {
      let total = 0
      for await (const { keys } of scanKeys(this.redis, this.keys.patterns.sessions)) total += keys.length
      return total
    })
  }

  async clear(): Promise<void> {
    await guardRedis(WHAT, async () => {
      await deleteMatching(this.redis, this.keys.patterns.sessions)
      await deleteMatching(this.redis, this.keys.patterns.sessionIndexes)
    })
  }
}

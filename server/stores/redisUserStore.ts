import { definedOnly } from './definedOnly'
import { newUserId } from './ids'
import { guardRedis } from './redisClient'
import type { RedisConnection } from './redisClient'
import { RedisKeys } from './redisKeys'
import { scanKeys } from './scanKeys'
import { fromUserHash, toUserHash } from './userHash'
import { newUserTag, UserTags } from './userTags'
import type { UserPatch, UserRecord, UserStore, WechatIdentity } from './userStore'

const WHAT = 'User store'

/** Options of {@link RedisUserStore}. */
export interface RedisUserStoreOptions {
  /** Key namespace, default `wxls:`; the layout is described in redisKeys.ts. */
  prefix?: string
  /** The id → tag mapping, shared with the RedisSessionStore on the same client (one is created otherwise). */
  tags?: UserTags
}

/**
 * A UserStore on Redis: each user is a hash `<prefix>{T}:user` in the user's slot (next to their sessions, so the
 * authenticated-request script reads it in the same call), found from the openid through `<prefix>openid:<openid>`
 * (→ id) and `<prefix>user-tag:<id>` (→ tag). A first login races safely: the openid is claimed with `SET NX` and
 * the loser adopts the winner's user. A user stored by the layout before tags (`<prefix>user:<id>`) is moved into
 * its slot on its next login.
 */
export class RedisUserStore implements UserStore {
  private readonly keys: RedisKeys
  private readonly tags: UserTags

  constructor(
    private readonly redis: RedisConnection,
    options: RedisUserStoreOptions = {},
  ) {
    this.keys = new RedisKeys(options.prefix ?? 'wxls:')
    this.tags = options.tags ?? new UserTags(redis, this.keys)
  }

  async upsertByOpenid(identity: WechatIdentity, now: number): Promise<UserRecord> {
    return guardRedis(WHAT, async () => {
      const openidKey = this.keys.openid(identity.openid)
      let id = await this.redis.get(openidKey)
      if (id === null) {
        const candidate: UserRecord = { id: newUserId(), openid: identity.openid, nickname: '', avatarPath: '', createdAt: now }
        if (identity.unionid !== undefined) candidate.unionid = identity.unionid
        const tag = await this.tags.claim(candidate.id, newUserTag())
        // Write the user before claiming the openid, so whoever finds the id also finds the user.
        await this.redis.hset(this.keys.user(tag), toUserHash(candidate))
        const claimed = await this.redis.set(openidKey, candidate.id, 'NX')
        if (claimed === 'OK') return candidate
        await this.redis.del(this.keys.user(tag))
        await this.tags.release(candidate.id)
        id = await this.redis.get(openidKey)
        if (id === null) throw new Error('openid index vanished during sign-up')
      }
      const tag = (await this.tags.find(id)) ?? (await this.moveIntoSlot(id))
      if (identity.unionid !== undefined) await this.redis.hset(this.keys.user(tag), 'unionid', identity.unionid)
      const user = fromUserHash(await this.redis.hgetall(this.keys.user(tag)))
      if (user === undefined) throw new Error('openid index points at a missing user')
      return user
    })
  }

  async get(id: string): Promise<UserRecord | undefined> {
    return guardRedis(WHAT, async () => {
      const tag = await this.tags.find(id)
      return tag === undefined ? undefined : fromUserHash(await this.redis.hgetall(this.keys.user(tag)))
    })
  }

  async update(id: string, patch: UserPatch): Promise<UserRecord | undefined> {
    return guardRedis(WHAT, async () => {
      const tag = await this.tags.find(id)
      if (tag === undefined || (await this.redis.exists(this.keys.user(tag))) === 0) return undefined
      const fields = definedOnly(patch)
      if (Object.keys(fields).length > 0) await this.redis.hset(this.keys.user(tag), fields)
      return fromUserHash(await this.redis.hgetall(this.keys.user(tag)))
    })
  }

  async count(): Promise<number> {
    return guardRedis(WHAT, async () => {
      let total = 0
      for await (const { keys } of scanKeys(this.redis, this.keys.patterns.users)) total += keys.length
      return total
    })
  }

  /**
   * Moves a user of the layout before tags (`<prefix>user:<id>`) into a slot: claims a tag (concurrent logins
   * agree on the first claim), copies the hash, then drops the old one. Copying twice is harmless: both copies
   * carry the same fields.
   */
  private async moveIntoSlot(id: string): Promise<string> {
    const tag = await this.tags.claim(id)
    const legacy = await this.redis.hgetall(this.keys.legacyUser(id))
    if (Object.keys(legacy).length > 0) {
      await this.redis.hset(this.keys.user(tag), legacy)
      await this.redis.del(this.keys.legacyUser(id))
    }
    return tag
  }
}

import { definedOnly } from './definedOnly'
import { newUserId } from './ids'
import { guardRedis } from './redisClient'
import type { RedisConnection } from './redisClient'
import { RedisKeys } from './redisKeys'
import { scanKeys } from './scanKeys'
import { profileGaps, unionidConflict } from './unionidConflict'
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
 * (→ id), or from the official account's openid (`<prefix>webopenid:<openid>`) and the unionid
 * (`<prefix>unionid:<unionid>`), which link one person's two identities, and `<prefix>user-tag:<id>` (→ tag). A first
 * login races safely: every index is claimed with `SET NX` and the loser adopts the winner's user. A user stored by the layout before tags (`<prefix>user:<id>`) is moved into
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
    return guardRedis(WHAT, () => this.upsert('openid', identity, now))
  }

  async upsertByWebOpenid(identity: WechatIdentity, now: number): Promise<UserRecord> {
    return guardRedis(WHAT, () => this.upsert('webOpenid', identity, now))
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
   * Finds or creates the user of one side's openid, linking by unionid. Every index (`openid:`, `webopenid:`,
   * `unionid:`) is claimed with `SET NX`, so concurrent first sign-ins of one person (even from both sides at once)
   * agree on one user: the loser drops its candidate and adopts the winner's id.
   */
  private async upsert(side: 'openid' | 'webOpenid', identity: WechatIdentity, now: number): Promise<UserRecord> {
    const openidKey = side === 'openid' ? this.keys.openid(identity.openid) : this.keys.webOpenid(identity.openid)
    const unionidKey = identity.unionid === undefined ? undefined : this.keys.unionid(identity.unionid)
    let id = await this.redis.get(openidKey)
    if (id !== null) {
      // The common case, a returning user found by this side's own index: read, and write only what changed.
      const known = await this.returning(side, id, identity, unionidKey)
      if (known !== undefined) return known
      if (unionidKey !== undefined) {
        const owner = await this.redis.get(unionidKey)
        if (owner !== null && owner !== id) {
          const settled = await this.settleUnionid(side, openidKey, identity.openid, id, owner)
          if (settled !== undefined) return settled
        }
      }
    }
    if (id === null && unionidKey !== undefined) id = await this.redis.get(unionidKey)
    if (id === null) {
      const candidate: UserRecord = { id: newUserId(), openid: '', nickname: '', avatarPath: '', createdAt: now }
      candidate[side] = identity.openid
      if (identity.unionid !== undefined) candidate.unionid = identity.unionid
      const tag = await this.tags.claim(candidate.id, newUserTag())
      // Write the user before claiming an index, so whoever finds the id also finds the user.
      await this.redis.hset(this.keys.user(tag), toUserHash(candidate))
      const claimedBy = unionidKey === undefined ? 'OK' : await this.redis.set(unionidKey, candidate.id, 'NX')
      if (claimedBy === 'OK') {
        const claimed = await this.redis.set(openidKey, candidate.id, 'NX')
        if (claimed === 'OK') return candidate
        if (unionidKey !== undefined) await this.redis.del(unionidKey)
      }
      await this.redis.del(this.keys.user(tag))
      await this.tags.release(candidate.id)
      id = (await this.redis.get(openidKey)) ?? (unionidKey === undefined ? null : await this.redis.get(unionidKey))
      if (id === null) throw new Error('openid index vanished during sign-up')
    }
    // Found by unionid, or by an openid index another sign-in just claimed: record this side's openid on it.
    const claimed = await this.redis.set(openidKey, id, 'NX')
    const owner = claimed === 'OK' ? id : await this.redis.get(openidKey)
    if (owner !== null && owner !== id) id = owner
    const tag = (await this.tags.find(id)) ?? (await this.moveIntoSlot(id))
    await this.redis.hset(this.keys.user(tag), side, identity.openid)
    if (identity.unionid !== undefined && unionidKey !== undefined) {
      await this.redis.hset(this.keys.user(tag), 'unionid', identity.unionid)
      // Users signed up before the unionid index existed get it on their next sign-in.
      await this.redis.set(unionidKey, id, 'NX')
    }
    const user = fromUserHash(await this.redis.hgetall(this.keys.user(tag))) ?? (await this.rebuild(tag, id, side, identity, now))
    if (user === undefined) throw new Error('openid index points at a missing user')
    return user
  }

  /**
   * Rebuilds a user whose hash is gone (evicted, deleted by hand, lost in a failover) while the indexes and the tag
   * still name its id: without this, every login of that person failed with 503 and spent their code. The id
   * stays, so its sessions and both indexes stay valid; fields still in the hash are kept (`HSETNX`), the rest
   * start empty as at sign-up (the profile is lost with the hash).
   */
  private async rebuild(tag: string, id: string, side: 'openid' | 'webOpenid', identity: WechatIdentity, now: number): Promise<UserRecord | undefined> {
    const fresh: UserRecord = { id, openid: '', nickname: '', avatarPath: '', createdAt: now }
    fresh[side] = identity.openid
    if (identity.unionid !== undefined) fresh.unionid = identity.unionid
    const key = this.keys.user(tag)
    await Promise.all(Object.entries(toUserHash(fresh)).map(([field, value]) => this.redis.hsetnx(key, field, value)))
    return fromUserHash(await this.redis.hgetall(key))
  }

  /**
   * A returning user found by this side's openid index: their hash already holds that openid, so nothing is
   * written but the unionid. Its index is claimed with `SET NX` (a no-op, and no write, once it exists; users
   * signed up before the index existed get it now), sent together with the user read; the hash's unionid is
   * written only when WeChat reports one the hash lacks. The tag is cached per instance. Undefined when the hash
   * is missing, lacks this side's openid, or is not in a slot yet: the caller takes the full path, which rebuilds
   * the hash ({@link rebuild}) or moves it into a slot.
   */
  private async returning(side: 'openid' | 'webOpenid', id: string, identity: WechatIdentity, unionidKey: string | undefined): Promise<UserRecord | undefined> {
    const tag = await this.tags.find(id)
    if (tag === undefined) return undefined
    const [hash, claimed] = await Promise.all([
      this.redis.hgetall(this.keys.user(tag)),
      unionidKey === undefined ? undefined : this.redis.set(unionidKey, id, 'NX'),
    ])
    const user = fromUserHash(hash)
    // A missing hash, or one rebuilt by another side's login without this side's openid: the full path repairs it.
    if (user === undefined || user[side] !== identity.openid) return undefined
    if (identity.unionid === undefined || user.unionid === identity.unionid) return user
    // A unionid this user lacks may already belong to another user (the full path settles that): only write it
    // when this call just claimed its index.
    if (claimed !== 'OK') return undefined
    await this.redis.hset(this.keys.user(tag), 'unionid', identity.unionid)
    return { ...user, unionid: identity.unionid }
  }

  /** The user of `id` (undefined when unknown or its hash is gone). */
  private async read(id: string): Promise<UserRecord | undefined> {
    const tag = await this.tags.find(id)
    return tag === undefined ? undefined : fromUserHash(await this.redis.hgetall(this.keys.user(tag)))
  }

  /**
   * The user found by this side's openid (`foundId`) is not the one the unionid belongs to (`ownerId`): folds the
   * first into the second ({@link unionidConflict}: this side's index moves to the owner, with the profile fields
   * the owner lacks, and the folded user's hash and tag are deleted, so its sessions end on their next use), or
   * keeps them apart without writing the unionid twice. Undefined when the owner's hash is gone: the caller's path
   * goes on as before.
   */
  private async settleUnionid(side: 'openid' | 'webOpenid', openidKey: string, openid: string, foundId: string, ownerId: string): Promise<UserRecord | undefined> {
    const [found, owner] = await Promise.all([this.read(foundId), this.read(ownerId)])
    const ownerTag = await this.tags.find(ownerId)
    if (owner === undefined || ownerTag === undefined) return undefined
    if (found !== undefined && unionidConflict(side, openid, found, owner) === 'keep-apart') return found
    await this.redis.set(openidKey, ownerId)
    await this.redis.hset(this.keys.user(ownerTag), { ...definedOnly(found === undefined ? {} : profileGaps(owner, found)), [side]: openid })
    const foundTag = await this.tags.find(foundId)
    if (foundTag !== undefined) await this.redis.del(this.keys.user(foundTag))
    await this.tags.release(foundId)
    const merged = fromUserHash(await this.redis.hgetall(this.keys.user(ownerTag)))
    if (merged === undefined) throw new Error('the unionid\'s user vanished while a login folded another into it')
    return merged
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

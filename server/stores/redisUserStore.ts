import type { Redis } from 'ioredis'
import { definedOnly } from './definedOnly'
import { newUserId } from './ids'
import { guardRedis } from './redisClient'
import type { UserPatch, UserRecord, UserStore, WechatIdentity } from './userStore'

const WHAT = 'User store'

/**
 * A UserStore on Redis: each user is a hash `<prefix>user:<id>` (so concurrent edits of different fields never
 * overwrite each other), and `<prefix>openid:<openid>`, `<prefix>webopenid:<openid>` (official
 * account) and `<prefix>unionid:<unionid>` point at the id. A first login races safely: the id is
 * claimed with `SET NX`, and the loser adopts the winner's user.
 */
export class RedisUserStore implements UserStore {
  private readonly prefix: string

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.prefix = options.prefix ?? 'wxls:'
  }

  async upsertByOpenid(identity: WechatIdentity, now: number): Promise<UserRecord> {
    return guardRedis(WHAT, () => this.upsert('openid', identity, now))
  }

  async upsertByWebOpenid(identity: WechatIdentity, now: number): Promise<UserRecord> {
    return guardRedis(WHAT, () => this.upsert('webOpenid', identity, now))
  }

  async get(id: string): Promise<UserRecord | undefined> {
    return guardRedis(WHAT, () => this.read(id))
  }

  async update(id: string, patch: UserPatch): Promise<UserRecord | undefined> {
    return guardRedis(WHAT, async () => {
      if ((await this.redis.exists(this.userKey(id))) === 0) return undefined
      const fields = definedOnly(patch)
      if (Object.keys(fields).length > 0) await this.redis.hset(this.userKey(id), fields)
      return this.read(id)
    })
  }

  async count(): Promise<number> {
    return guardRedis(WHAT, async () => {
      let total = 0
      for await (const keys of this.redis.scanStream({ match: `${this.prefix}user:*`, count: 1000 })) {
        total += (keys as string[]).length
      }
      return total
    })
  }

  /**
   * Finds or creates the user of one side's openid, linking by unionid. Every index (`openid:`, `webopenid:`,
   * `unionid:`) is claimed with `SET NX`, so concurrent first sign-ins of one person (even from both sides at once)
   * agree on one user: the loser drops its candidate and adopts the winner's id.
   */
  private async upsert(side: 'openid' | 'webOpenid', identity: WechatIdentity, now: number): Promise<UserRecord> {
    const openidKey = `${this.prefix}${side === 'openid' ? 'openid' : 'webopenid'}:${identity.openid}`
    const unionidKey = identity.unionid === undefined ? undefined : `${this.prefix}unionid:${identity.unionid}`
    let id = await this.redis.get(openidKey)
    if (id === null && unionidKey !== undefined) id = await this.redis.get(unionidKey)
    if (id === null) {
      const candidate: UserRecord = { id: newUserId(), openid: '', nickname: '', avatarPath: '', createdAt: now }
      candidate[side] = identity.openid
      if (identity.unionid !== undefined) candidate.unionid = identity.unionid
      // Write the user before claiming an index, so whoever finds the id also finds the user.
      await this.redis.hset(this.userKey(candidate.id), toHash(candidate))
      const claimedBy = unionidKey === undefined ? 'OK' : await this.redis.set(unionidKey, candidate.id, 'NX')
      if (claimedBy === 'OK') {
        const claimed = await this.redis.set(openidKey, candidate.id, 'NX')
        if (claimed === 'OK') return candidate
        if (unionidKey !== undefined) await this.redis.del(unionidKey)
      }
      await this.redis.del(this.userKey(candidate.id))
      id = (await this.redis.get(openidKey)) ?? (unionidKey === undefined ? null : await this.redis.get(unionidKey))
      if (id === null) throw new Error('openid index vanished during sign-up')
    }
    // Found by unionid, or by an openid index another sign-in just claimed: record this side's openid on it.
    const claimed = await this.redis.set(openidKey, id, 'NX')
    const owner = claimed === 'OK' ? id : await this.redis.get(openidKey)
    if (owner !== null && owner !== id) id = owner
    await this.redis.hset(this.userKey(id), side, identity.openid)
    if (identity.unionid !== undefined && unionidKey !== undefined) {
      await this.redis.hset(this.userKey(id), 'unionid', identity.unionid)
      // Users signed up before the unionid index existed get it on their next sign-in.
      await this.redis.set(unionidKey, id, 'NX')
    }
    const user = await this.read(id)
    if (user === undefined) throw new Error('openid index points at a missing user')
    return user
  }

  private async read(id: string): Promise<UserRecord | undefined> {
    const hash = await this.redis.hgetall(this.userKey(id))
    return fromHash(hash)
  }

  private userKey(id: string): string {
    return `${this.prefix}user:${id}`
  }
}

function toHash(user: UserRecord): Record<string, string> {
  const hash: Record<string, string> = {
    id: user.id,
    openid: user.openid,
    nickname: user.nickname,
    avatarPath: user.avatarPath,
    createdAt: String(user.createdAt),
  }
  if (user.webOpenid !== undefined) hash.webOpenid = user.webOpenid
  if (user.unionid !== undefined) hash.unionid = user.unionid
  if (user.phoneNumber !== undefined) hash.phoneNumber = user.phoneNumber
  if (user.countryCode !== undefined) hash.countryCode = user.countryCode
  return hash
}

function fromHash(hash: Record<string, string>): UserRecord | undefined {
  const { id, openid, webOpenid, nickname, avatarPath, createdAt, unionid, phoneNumber, countryCode } = hash
  if (id === undefined || openid === undefined) return undefined
  const user: UserRecord = {
    id,
    openid,
    nickname: nickname ?? '',
    avatarPath: avatarPath ?? '',
    createdAt: Number(createdAt ?? 0),
  }
  if (webOpenid !== undefined) user.webOpenid = webOpenid
  if (unionid !== undefined) user.unionid = unionid
  if (phoneNumber !== undefined) user.phoneNumber = phoneNumber
  if (countryCode !== undefined) user.countryCode = countryCode
  return user
}

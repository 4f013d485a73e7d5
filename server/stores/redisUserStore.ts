import type { Redis } from 'ioredis'
import { definedOnly } from './definedOnly'
import { newUserId } from './ids'
import { guardRedis } from './redisClient'
import type { UserPatch, UserRecord, UserStore, WechatIdentity } from './userStore'

const WHAT = 'User store'

/**
 * A UserStore on Redis: each user is a hash `<prefix>user:<id>` (so concurrent edits of different fields never
 * overwrite each other), and `<prefix>openid:<openid>` points at the id. A first login races safely: the id is
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
    return guardRedis(WHAT, async () => {
      const openidKey = `${this.prefix}openid:${identity.openid}`
      let id = await this.redis.get(openidKey)
      if (id === null) {
        const candidate: UserRecord = { id: newUserId(), openid: identity.openid, nickname: '', avatarPath: '', createdAt: now }
        if (identity.unionid !== undefined) candidate.unionid = identity.unionid
        // Write the user before claiming the openid, so whoever finds the id also finds the user.
        await this.redis.hset(this.userKey(candidate.id), toHash(candidate))
        const claimed = await this.redis.set(openidKey, candidate.id, 'NX')
        if (claimed === 'OK') return candidate
        await this.redis.del(this.userKey(candidate.id))
        id = await this.redis.get(openidKey)
        if (id === null) throw new Error('openid index vanished during sign-up')
      }
      if (identity.unionid !== undefined) {
        await this.redis.hset(this.userKey(id), 'unionid', identity.unionid)
      }
      const user = await this.read(id)
      if (user === undefined) throw new Error('openid index points at a missing user')
      return user
    })
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
  if (user.unionid !== undefined) hash.unionid = user.unionid
  if (user.phoneNumber !== undefined) hash.phoneNumber = user.phoneNumber
  if (user.countryCode !== undefined) hash.countryCode = user.countryCode
  return hash
}

function fromHash(hash: Record<string, string>): UserRecord | undefined {
  const { id, openid, nickname, avatarPath, createdAt, unionid, phoneNumber, countryCode } = hash
  if (id === undefined || openid === undefined) return undefined
  const user: UserRecord = {
    id,
    openid,
    nickname: nickname ?? '',
    avatarPath: avatarPath ?? '',
    createdAt: Number(createdAt ?? 0),
  }
  if (unionid !== undefined) user.unionid = unionid
  if (phoneNumber !== undefined) user.phoneNumber = phoneNumber
  if (countryCode !== undefined) user.countryCode = countryCode
  return user
}

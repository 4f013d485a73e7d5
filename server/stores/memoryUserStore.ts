import { definedOnly } from './definedOnly'
import { newUserId } from './ids'
import { profileGaps, unionidConflict } from './unionidConflict'
import type { UserPatch, UserRecord, UserStore, WechatIdentity } from './userStore'

/** Which openid an identity carries: the mini program's or the official account's. */
type Side = 'openid' | 'webOpenid'

/**
 * A single-process UserStore on Maps. Users are never evicted, so this is for development, tests and
 * demos; production uses the Redis store (or your own database behind the same interface).
 */
export class MemoryUserStore implements UserStore {
  private readonly byId = new Map<string, UserRecord>()
  private readonly idByOpenid = new Map<string, string>()
  private readonly idByWebOpenid = new Map<string, string>()
  private readonly idByUnionid = new Map<string, string>()

  async upsertByOpenid(identity: WechatIdentity, now: number): Promise<UserRecord> {
    return this.upsert('openid', identity, now)
  }

  async upsertByWebOpenid(identity: WechatIdentity, now: number): Promise<UserRecord> {
    return this.upsert('webOpenid', identity, now)
  }

  async get(id: string): Promise<UserRecord | undefined> {
    const user = this.byId.get(id)
    return user === undefined ? undefined : { ...user }
  }

  async update(id: string, patch: UserPatch): Promise<UserRecord | undefined> {
    const user = this.byId.get(id)
    if (user === undefined) return undefined
    Object.assign(user, definedOnly(patch))
    return { ...user }
  }

  async count(): Promise<number> {
    return this.byId.size
  }

  private upsert(side: Side, identity: WechatIdentity, now: number): UserRecord {
    const index = side === 'openid' ? this.idByOpenid : this.idByWebOpenid
    const { unionid } = identity
    let user = this.lookup(index.get(identity.openid))
    if (user !== undefined && unionid !== undefined) {
      const owner = this.lookup(this.idByUnionid.get(unionid))
      if (owner !== undefined && owner.id !== user.id) {
        const plan = unionidConflict(side, identity.openid, user, owner)
        if (plan === 'keep-apart') return { ...user }
        // One person, two users: fold the found one into the unionid's user (docs/api.md).
        this.byId.delete(user.id)
        index.set(identity.openid, owner.id)
        Object.assign(owner, profileGaps(owner, user))
        owner[side] = identity.openid
        return { ...owner }
      }
    }
    if (user === undefined && unionid !== undefined) {
      // Known from the other side under the same unionid: the same person, so the same user.
      user = this.lookup(this.idByUnionid.get(unionid))
      if (user !== undefined) user[side] = identity.openid
    }
    if (user === undefined) {
      user = { id: newUserId(), openid: '', nickname: '', avatarPath: '', createdAt: now }
      user[side] = identity.openid
      this.byId.set(user.id, user)
    }
    index.set(identity.openid, user.id)
    if (unionid !== undefined) {
      if (user.unionid !== unionid) user.unionid = unionid
      if (!this.idByUnionid.has(unionid)) this.idByUnionid.set(unionid, user.id)
    }
    return { ...user }
  }

  private lookup(id: string | undefined): UserRecord | undefined {
    return id === undefined ? undefined : this.byId.get(id)
  }
}

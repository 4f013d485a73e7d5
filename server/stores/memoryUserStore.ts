import { definedOnly } from './definedOnly'
import { newUserId } from './ids'
import type { UserPatch, UserRecord, UserStore, WechatIdentity } from './userStore'

/**
 * A single-process UserStore on two Maps. Users are never evicted, so this is for development, tests and
 * demos; production uses the Redis store (or your own database behind the same interface).
 */
export class MemoryUserStore implements UserStore {
  private readonly byId = new Map<string, UserRecord>()
  private readonly idByOpenid = new Map<string, string>()

  async upsertByOpenid(identity: WechatIdentity, now: number): Promise<UserRecord> {
    const existingId = this.idByOpenid.get(identity.openid)
    const existing = existingId === undefined ? undefined : this.byId.get(existingId)
    if (existing !== undefined) {
      if (identity.unionid !== undefined && existing.unionid !== identity.unionid) existing.unionid = identity.unionid
      return { ...existing }
    }
    const user: UserRecord = { id: newUserId(), openid: identity.openid, nickname: '', avatarPath: '', createdAt: now }
    if (identity.unionid !== undefined) user.unionid = identity.unionid
    this.byId.set(user.id, user)
    this.idByOpenid.set(user.openid, user.id)
    return { ...user }
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
}

/** A user as stored. `avatarPath` is relative (`/uploads/<name>`); responses turn it into an absolute URL. */
export interface UserRecord {
  id: string
  openid: string
  unionid?: string
  nickname: string
  avatarPath: string
  phoneNumber?: string
  countryCode?: string
  createdAt: number
}

/** The fields a user can change after sign-up. */
export type UserPatch = Partial<Pick<UserRecord, 'nickname' | 'avatarPath' | 'phoneNumber' | 'countryCode'>>

/** What code2Session tells us about a user. */
export interface WechatIdentity {
  openid: string
  unionid?: string
}

/**
 * Persistence for users, looked up by id and by openid. Every method rejects with a ServiceUnavailableError
 * when the backing store is unreachable.
 */
export interface UserStore {
  /**
   * Returns the user with this openid, creating it on first sight. A unionid is recorded when WeChat sends one
   * and kept when a later login does not (WeChat only sends it under some conditions).
   */
  upsertByOpenid(identity: WechatIdentity, now: number): Promise<UserRecord>
  /** The user with this id, or undefined. */
  get(id: string): Promise<UserRecord | undefined>
  /** Applies `patch` and returns the updated user, or undefined when there is no such user. */
  update(id: string, patch: UserPatch): Promise<UserRecord | undefined>
  /** How many users exist. */
  count(): Promise<number>
}

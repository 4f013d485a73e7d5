/** A user as stored. `avatarPath` is relative (`/uploads/<name>`); responses turn it into an absolute URL. */
export interface UserRecord {
  id: string
  /** The mini program's openid; `''` for a user who has only signed in through the official account. */
  openid: string
  /** The official account's openid, once the user has signed in in WeChat's browser. */
  webOpenid?: string
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
  /**
   * The web login's counterpart of {@link upsertByOpenid}, keyed by the official account's openid. Both methods link
   * by unionid: a first sign-in on one side with a unionid already known from the other side joins that user (one
   * id, both openids kept), whichever side came first. Without a unionid the two sides stay separate users.
   */
  upsertByWebOpenid(identity: WechatIdentity, now: number): Promise<UserRecord>
  /** The user with this id, or undefined. */
  get(id: string): Promise<UserRecord | undefined>
  /** Applies `patch` and returns the updated user, or undefined when there is no such user. */
  update(id: string, patch: UserPatch): Promise<UserRecord | undefined>
  /** How many users exist. */
  count(): Promise<number>
}

/**
 * The Redis key layout, in one place, for one namespace (`prefix`, default `wxls:`). Everything one user owns sits
 * under the user's random slot tag `{T}` (Redis Cluster hashes only what is between the first braces), so every
 * multi-key operation on a user stays in one slot: `<prefix>{T}:user` (the user hash), `<prefix>{T}:sessions` (the
 * set of the user's session hashes) and `<prefix>{T}:s:<sha256 of the token>` (one session). The two lookups that
 * lead to a tag live in their own slots: `<prefix>openid:<openid>` (the user id) and `<prefix>user-tag:<id>` (the
 * tag). Tags are base64url, so they never contain a brace.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** One session: a hash `{ d: JSON of the record, e: absolute cap, i: idle deadline }` with a PX expiry. */
  session(tag: string, hash: string): string {
    return `${this.sessionPrefix(tag)}${hash}`
  }

  /** What {@link session} puts before the token hash; scripts that walk the index build keys from it. */
  sessionPrefix(tag: string): string {
    return `${this.prefix}{${tag}}:s:`
  }

  /** The set of a user's session hashes, for logout-all. */
  sessionIndex(tag: string): string {
    return `${this.prefix}{${tag}}:sessions`
  }

  /** The user hash. */
  user(tag: string): string {
    return `${this.prefix}{${tag}}:user`
  }

  /** openid → user id. */
  openid(openid: string): string {
    return `${this.prefix}openid:${openid}`
  }

  /** The official account's openid (web OAuth) → user id. */
  webOpenid(openid: string): string {
    return `${this.prefix}webopenid:${openid}`
  }

  /** unionid → user id: links the mini-program and official-account identities of one person. */
  unionid(unionid: string): string {
    return `${this.prefix}unionid:${unionid}`
  }

  /** user id → slot tag. */
  userTag(userId: string): string {
    return `${this.prefix}user-tag:${userId}`
  }

  /** Before this layout: the user hash by id, read once to move the user (see RedisUserStore). */
  legacyUser(userId: string): string {
    return `${this.prefix}user:${userId}`
  }

  /** SCAN patterns of every session, every session index and every user. */
  get patterns(): { sessions: string; sessionIndexes: string; users: string } {
    return { sessions: `${this.prefix}{*}:s:*`, sessionIndexes: `${this.prefix}{*}:sessions`, users: `${this.prefix}{*}:user` }
  }
}

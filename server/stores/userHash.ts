import type { UserRecord } from './userStore'

/** A user as the flat string hash Redis stores (one field per property, so edits of different fields never clash). */
export function toUserHash(user: UserRecord): Record<string, string> {
  const hash: Record<string, string> = {
    id: user.id,
    openid: user.openid,
    nickname: user.nickname,
    avatarPath: user.avatarPath,
    createdAt: String(user.createdAt),
  }
  if (user.unionid !== undefined) hash.unionid = user.unionid
  if (user.webOpenid !== undefined) hash.webOpenid = user.webOpenid
  if (user.phoneNumber !== undefined) hash.phoneNumber = user.phoneNumber
  if (user.countryCode !== undefined) hash.countryCode = user.countryCode
  return hash
}

/** The inverse of {@link toUserHash}; undefined for an empty (missing) or foreign hash. */
export function fromUserHash(hash: Readonly<Record<string, string>>): UserRecord | undefined {
  const { id, openid, webOpenid, nickname, avatarPath, createdAt, unionid, phoneNumber, countryCode } = hash
  if (id === undefined || openid === undefined) return undefined
  const user: UserRecord = {
    id,
    openid,
    nickname: nickname ?? '',
    avatarPath: avatarPath ?? '',
    createdAt: Number(createdAt ?? 0),
  }
  if (unionid !== undefined) user.unionid = unionid
  if (webOpenid !== undefined) user.webOpenid = webOpenid
  if (phoneNumber !== undefined) user.phoneNumber = phoneNumber
  if (countryCode !== undefined) user.countryCode = countryCode
  return user
}

/** A hash as HGETALL returns it inside a Lua reply: a flat `[field, value, field, value…]` list. */
export function pairsToHash(flat: unknown): Record<string, string> {
  const hash: Record<string, string> = {}
  if (!Array.isArray(flat)) return hash
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const field: unknown = flat[i]
    const value: unknown = flat[i + 1]
    if (typeof field === 'string' && typeof value === 'string') hash[field] = value
  }
  return hash
}

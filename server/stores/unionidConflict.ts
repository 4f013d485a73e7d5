import type { UserPatch, UserRecord } from './userStore'

/**
 * What a login does when the user found by its own openid (`found`) is not the user WeChat's unionid already
 * belongs to (`owner`). This happens after a silent `snsapi_base` web login (no unionid) made a web-only user, or a
 * mini-program login without a unionid made a mini-program-only user, and a later login of the same person reports
 * the unionid. The two are one person, so `found` is folded into `owner` (`'fold'`) when `found` holds nothing but
 * this side's openid (no unionid, no openid of the other side) and `owner` has no other openid on this side.
 * Anything else (`'keep-apart'`) is not one person's two halves, so nothing is moved and the unionid is not written
 * onto `found`: one unionid never names two users.
 */
export function unionidConflict(side: 'openid' | 'webOpenid', openid: string, found: UserRecord, owner: UserRecord): 'fold' | 'keep-apart' {
  const otherSide = side === 'openid' ? found.webOpenid : found.openid
  const foundIsHalf = found.unionid === undefined && (otherSide === undefined || otherSide === '')
  const ownerSide = owner[side]
  const ownerFree = ownerSide === undefined || ownerSide === '' || ownerSide === openid
  return foundIsHalf && ownerFree ? 'fold' : 'keep-apart'
}

/** The profile fields `owner` lacks and the folded user `from` has: they move with the fold, `owner`'s own win. */
export function profileGaps(owner: UserRecord, from: UserRecord): UserPatch {
  const gaps: UserPatch = {}
  if (owner.nickname === '' && from.nickname !== '') gaps.nickname = from.nickname
  if (owner.avatarPath === '' && from.avatarPath !== '') gaps.avatarPath = from.avatarPath
  if (owner.phoneNumber === undefined && from.phoneNumber !== undefined) {
    gaps.phoneNumber = from.phoneNumber
    if (from.countryCode !== undefined) gaps.countryCode = from.countryCode
  }
  return gaps
}

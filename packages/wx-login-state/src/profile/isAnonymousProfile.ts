/**
 * Since base library 2.27.1 (November 2022) `wx.getUserProfile` and `wx.getUserInfo` no longer
 * return the real profile: they answer with the nickname "微信用户" and a grey placeholder avatar,
 * and mark the answer `"is_demote": true` in `userInfo`/`rawData`. The placeholder is always this
 * image on the qlogo CDN; only the host (`thirdwx` / `wx`), the scheme and the trailing size segment
 * (`/0`, `/46`, `/64`, `/96`, `/132`) vary.
 */
export const ANONYMOUS_NICKNAME = '微信用户'

/** The path id of WeChat's grey placeholder avatar. */
export const ANONYMOUS_AVATAR_ID =
  'POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg'

const ANONYMOUS_AVATAR = new RegExp(
  `^(?:https?:)?//[a-z0-9.-]*qlogo\\.cn/mmopen/(?:vi_32/)?${ANONYMOUS_AVATAR_ID}(?:/\\d*)?/?(?:[?#].*)?$`,
  'i',
)

/** The fields of a profile answer that reveal the placeholder; `nickName` is WeChat's spelling. */
export interface ProfileLike {
  nickName?: unknown
  nickname?: unknown
  avatarUrl?: unknown
  rawData?: unknown
}

/** Whether `url` is WeChat's grey placeholder avatar, in any of its size and host variants. */
export function isAnonymousAvatarUrl(url: unknown): boolean {
  return typeof url === 'string' && ANONYMOUS_AVATAR.test(url.trim())
}

function isDemoted(rawData: unknown): boolean {
  if (typeof rawData !== 'string' || rawData === '') return false
  try {
    const parsed: unknown = JSON.parse(rawData)
    if (typeof parsed !== 'object' || parsed === null) return false
    const flag = (parsed as { is_demote?: unknown }).is_demote
    return flag === true || flag === 'true'
  } catch {
    return false
  }
}

/**
 * Tells whether a `getUserProfile`/`getUserInfo` answer is the anonymous placeholder rather than the
 * user's real profile. Any one signal is enough (the placeholder nickname, the placeholder avatar, an
 * empty nickname, or the `is_demote` flag): a real user who happens to be called "微信用户" is merely
 * asked to fill in the form, which is far cheaper than storing a placeholder as their profile.
 */
export function isAnonymousProfile(profile: ProfileLike): boolean {
  const rawName = profile.nickName ?? profile.nickname
  const nickname = typeof rawName === 'string' ? rawName.trim() : ''
  return (
    nickname === '' ||
    nickname === ANONYMOUS_NICKNAME ||
    isAnonymousAvatarUrl(profile.avatarUrl) ||
    isDemoted(profile.rawData)
  )
}

/**
 * The hosts WeChat serves profile pictures from: `sns/userinfo`'s `headimgurl` and the mini program's avatar
 * (`thirdwx.qlogo.cn/mmopen/…`, older accounts `wx.qlogo.cn/mmopen/…`).
 */
export const WECHAT_AVATAR_HOSTS: ReadonlySet<string> = new Set(['thirdwx.qlogo.cn', 'wx.qlogo.cn'])

/** Characters no WeChat avatar URL has: whitespace, controls, non-ASCII, quotes, angle brackets, backslash. */
const UNSAFE = /[^\x21-\x7e]|["'<>\\`]/

/** Longest avatar URL kept; WeChat's are about 150 characters. */
const MAX_LENGTH = 500

/**
 * The avatar URL to keep from a WeChat-supplied `headimgurl`, or undefined when it is not a picture on one of
 * {@link WECHAT_AVATAR_HOSTS}. The value is parsed as a URL, never matched as a string, so
 * `https://thirdwx.qlogo.cn@evil.example/x` (a user name before another host), an address like
 * `https://169.254.169.254/`, another port or scheme, and anything carrying markup (`"onerror="`, `<svg/onload>`) are
 * refused. WeChat's older `http://` URLs are kept as `https://` on the same host (it serves both),
 * so pages on HTTPS can show them. The result is the parser's own serialisation.
 */
export function wechatAvatarUrl(raw: string): string | undefined {
  if (raw.length === 0 || raw.length > MAX_LENGTH || UNSAFE.test(raw)) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return undefined
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined
  if (url.username !== '' || url.password !== '' || url.port !== '') return undefined
  if (!WECHAT_AVATAR_HOSTS.has(url.hostname)) return undefined
  url.protocol = 'https:'
  url.hash = ''
  return url.href.length > MAX_LENGTH ? undefined : url.href
}

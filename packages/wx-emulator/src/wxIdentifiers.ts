import { ALPHABETS, randomString } from './randomSource'
import type { RandomBytes } from './randomSource'

/** A new openid shaped like WeChat's: `o` followed by 27 base64url characters (28 in all). */
export function newOpenid(random: RandomBytes): string {
  return `o${randomString(random, 27, ALPHABETS.base64url)}`
}

/** A new `wx.login` code shaped like WeChat's: 32 letters and digits. */
export function newLoginCode(random: RandomBytes): string {
  return randomString(random, 32, ALPHABETS.alnum)
}

/** A new getPhoneNumber dynamic code shaped like WeChat's: 64 hex digits. */
export function newPhoneCode(random: RandomBytes): string {
  return randomString(random, 64, ALPHABETS.hex)
}

/** A new session_key: 16 random bytes in standard base64 (24 characters ending in `==`), as WeChat issues them. */
export function newSessionKey(random: RandomBytes): string {
  return random(16).toString('base64')
}

/**
 * A new access_token. WeChat's are opaque strings of 130 to 200 URL-safe characters after a numeric prefix;
 * the length matters because clients must store at least 512 characters.
 */
export function newAccessToken(random: RandomBytes, prefix: number): string {
  return `${prefix}_${randomString(random, 150, ALPHABETS.base64url)}`
}

/** A request id like the `rid` WeChat appends to every errmsg: `<seconds in hex>-<8 hex>-<8 hex>`. */
export function newRid(random: RandomBytes, nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000).toString(16).padStart(8, '0')
  return `${seconds}-${randomString(random, 8, ALPHABETS.hex)}-${randomString(random, 8, ALPHABETS.hex)}`
}

/** True when `value` is canonical base64 of exactly 16 bytes, the only shape a session_key can have. */
export function isSessionKey(value: string): boolean {
  if (!/^[A-Za-z0-9+/]{22}==$/.test(value)) return false
  return Buffer.from(value, 'base64').toString('base64') === value
}

/** How long a `wx.login` code stays exchangeable, per WeChat's documentation. */
export const CODE_TTL_MS = 5 * 60_000

/** What `auth.code2Session` answers, reduced to what a backend uses. */
export type Code2SessionResult =
  | { ok: true; openid: string; unionid?: string; sessionKey: string }
  | { ok: false; errcode: 40029 | 40163; errmsg: string }

/**
 * WeChat's side of one user on one device, following its documented rules: a code is single-use and
 * expires after 5 minutes; every new code rotates the user's session_key; `checkSession` reports
 * whether the latest session_key is still valid.
 */
export interface FakeWeChat {
  readonly openid: string
  readonly unionid: string | undefined
  /** The current session_key, or `null` before the first login. */
  readonly sessionKey: string | null
  /** How many codes `wx.login` has handed out. */
  readonly codesIssued: number
  /** What `wx.login` does: a fresh code, and a rotated session_key. */
  issueCode(): string
  /** What `auth.code2Session` does with a code. */
  exchangeCode(code: string): Code2SessionResult
  /** What `wx.checkSession` reports. */
  sessionKeyValid(): boolean
  /** Makes WeChat forget the session_key, as it does after long inactivity. */
  expireSessionKey(): void
}

interface CodeRecord {
  issuedAt: number
  used: boolean
  sessionKey: string
}

/** Creates a {@link FakeWeChat} reading time from `now`. */
export function createFakeWeChat(options: { now: () => number; openid?: string; unionid?: string }): FakeWeChat {
  const openid = options.openid ?? 'o_fake_openid_0001'
  const codes = new Map<string, CodeRecord>()
  let sessionKey: string | null = null
  let keyValid = false
  let codesIssued = 0

  return {
    openid,
    unionid: options.unionid,
    get sessionKey() {
      return sessionKey
    },
    get codesIssued() {
      return codesIssued
    },
    issueCode() {
      codesIssued++
      sessionKey = `fake_session_key_${codesIssued}`
      keyValid = true
      const code = `fake_code_${codesIssued}_${openid.slice(-4)}`
      codes.set(code, { issuedAt: options.now(), used: false, sessionKey })
      return code
    },
    exchangeCode(code) {
      const record = codes.get(code)
      if (!record || options.now() - record.issuedAt >= CODE_TTL_MS) {
        return { ok: false, errcode: 40029, errmsg: 'invalid code' }
      }
      if (record.used) return { ok: false, errcode: 40163, errmsg: 'code been used' }
      record.used = true
      return options.unionid === undefined
        ? { ok: true, openid, sessionKey: record.sessionKey }
        : { ok: true, openid, unionid: options.unionid, sessionKey: record.sessionKey }
    },
    sessionKeyValid: () => sessionKey !== null && keyValid,
    expireSessionKey() {
      keyValid = false
    },
  }
}

import { timingSafeEqual, createHmac } from 'node:crypto'
import { AccessTokens } from './AccessTokens'
import { CodeBook } from './CodeBook'
import type { RedeemResult } from './CodeBook'
import { createEmulatorStats } from './emulatorStats'
import type { EmulatorStats } from './emulatorStats'
import { DEV_OA_APPID, DEV_OA_SECRET } from './devCredentials'
import { FaultQueue } from './FaultQueue'
import { OfficialAccount } from './OfficialAccount'
import { encryptOpenData, signRawData } from './openDataCrypto'
import type { EncryptedOpenData } from './openDataCrypto'
import { cryptoRandomBytes } from './randomSource'
import type { RandomBytes } from './randomSource'
import { StallRegistry, timerSleep } from './StallRegistry'
import type { Sleep } from './StallRegistry'
import { UserBook } from './UserBook'
import type { EmulatedUser, LoginRequest } from './UserBook'
import { newLoginCode, newPhoneCode, newRid } from './wxIdentifiers'

/** Login codes and phone codes both live five minutes, as WeChat documents. */
export const CODE_TTL_MS = 5 * 60_000
// Used codes are remembered this long so a replay reads "code been used" rather than "invalid code".
const CODE_RETAIN_MS = 60 * 60_000

/** Options shared by the plugin and {@link WxEmulator}. */
export interface EmulatorOptions {
  /** The appid the emulator answers for; the server under test must be configured with the same. */
  appid: string
  /** The AppSecret paired with `appid`. */
  secret: string
  /** The official account (公众号) the web OAuth answers for; default the dev preset's {@link DEV_OA_APPID}. */
  oaAppid?: string
  oaSecret?: string
  /**
   * The official account's 网页授权域名: hosts a `redirect_uri` may point at (compared without port, like WeChat's
   * setting, which is a domain). Default `127.0.0.1` and `localhost`.
   */
  webAuthDomains?: readonly string[]
  /** Clock in milliseconds since the epoch; inject one to test expiry without waiting. */
  now?: () => number
  /** Source of random bytes for identifiers, keys and IVs. */
  random?: RandomBytes
  /** How injected delays wait; inject one to release delayed requests on cue. */
  sleep?: Sleep
  /**
   * code2Session calls one user may make in a minute before WeChat answers 45011; default 0, no limit (the mounted
   * emulator serves load tests of one user). The standalone emulator sets WeChat's documented 100.
   */
  code2SessionPerUserPerMinute?: number
}

/** What a login code carries until it is exchanged. */
export interface LoginGrant {
  openid: string
  sessionKey: string
}

/** What `POST /__emulator/phone-code` accepts. */
export interface PhoneCodeRequest {
  openid?: string
  /** The number without country code; default `13800138000`. */
  phoneNumber?: string
  /** Digits only; default `86`. */
  countryCode?: string
  /** Send `countryCode` as a string instead of a number (WeChat's table and its example disagree). */
  countryCodeAsString?: boolean
}

/** `phone_info` of a getuserphonenumber success. */
export interface PhoneInfo {
  phoneNumber: string
  purePhoneNumber: string
  countryCode: number | string
  watermark: { timestamp: number; appid: string }
}

interface PhoneGrant {
  openid: string | undefined
  info: PhoneInfo
}

/** The outcome of redeeming a phone code: the phone info, or a WeChat errcode. */
export type PhoneRedeemResult = { ok: true; info: PhoneInfo } | { ok: false; errcode: 40003 | 40029 }

/**
 * The state of one emulated WeChat: users and their session keys, pending codes, access tokens, injected faults
 * and per-API counters. Each plugin instance owns one, so parallel tests never share state. Tests reach it as
 * `app.wxEmulator` to arrange scenarios without HTTP.
 */
export class WxEmulator {
  readonly appid: string
  readonly now: () => number
  readonly random: RandomBytes
  readonly users: UserBook
  readonly tokens: AccessTokens
  readonly faults = new FaultQueue()
  readonly stalls: StallRegistry
  /** The emulated official account: web OAuth codes, web tokens, its own openids. */
  readonly oa: OfficialAccount
  readonly webAuthDomains: readonly string[]
  private readonly secret: string
  private readonly loginCodes: CodeBook<LoginGrant>
  private readonly phoneCodes: CodeBook<PhoneGrant>
  private counters: EmulatorStats = createEmulatorStats()
  private readonly code2SessionLimit: number
  // Per openid, the instants of its code2Session calls in the last minute (only while a limit is set).
  private readonly code2SessionCalls = new Map<string, number[]>()

  constructor(options: EmulatorOptions) {
    if (typeof options.appid !== 'string' || options.appid === '') {
      throw new TypeError('[wx-emulator] "appid" must be a non-empty string: pass the appid your server is configured with.')
    }
    if (typeof options.secret !== 'string' || options.secret === '') {
      throw new TypeError('[wx-emulator] "secret" must be a non-empty string: pass the AppSecret your server is configured with.')
    }
    this.appid = options.appid
    this.secret = options.secret
    this.now = options.now ?? Date.now
    this.random = options.random ?? cryptoRandomBytes
    this.users = new UserBook(this.random)
    this.tokens = new AccessTokens(this.now, this.random)
    this.stalls = new StallRegistry(options.sleep ?? timerSleep)
    this.loginCodes = new CodeBook(CODE_TTL_MS, CODE_RETAIN_MS, this.now)
    this.oa = new OfficialAccount(options.oaAppid ?? DEV_OA_APPID, options.oaSecret ?? DEV_OA_SECRET, this.now, this.random)
    this.webAuthDomains = options.webAuthDomains ?? ['127.0.0.1', 'localhost']
    this.phoneCodes = new CodeBook(CODE_TTL_MS, CODE_RETAIN_MS, this.now)
    const limit = options.code2SessionPerUserPerMinute ?? 0
    if (!Number.isInteger(limit) || limit < 0) {
      throw new TypeError('[wx-emulator] "code2SessionPerUserPerMinute" must be a whole number (0 for no limit).')
    }
    this.code2SessionLimit = limit
  }

  /** The live counters (mutated as requests arrive); see {@link snapshotStats} for a copy. */
  get stats(): EmulatorStats {
    return this.counters
  }

  /** A copy of the counters at this instant. */
  snapshotStats(): EmulatorStats {
    return structuredClone(this.counters)
  }

  /** Zeroes the counters. */
  resetStats(): void {
    this.counters = createEmulatorStats()
  }

  /** Compares a presented AppSecret without leaking its length or content through timing. */
  secretMatches(candidate: string): boolean {
    const a = Buffer.from(candidate, 'utf8')
    const b = Buffer.from(this.secret, 'utf8')
    return a.length === b.length && timingSafeEqual(a, b)
  }

  /** A fresh request id for an errmsg. */
  rid(): string {
    return newRid(this.random, this.now())
  }

  /**
   * Stands in for `wx.login`: creates the user when new, rotates their session_key (or installs the given one)
   * and returns a single-use code valid for five minutes.
   */
  issueLoginCode(request: LoginRequest & { expired?: boolean } = {}): { code: string; openid: string } {
    const { expired = false, ...login } = request
    const user = this.users.login(login)
    const code = newLoginCode(this.random)
    // An expired code was issued one TTL and a second ago: WeChat answers it 40029, like an unknown one.
    const issuedAt = expired ? this.now() - CODE_TTL_MS - 1000 : this.now()
    this.loginCodes.add(code, { openid: user.openid, sessionKey: user.sessionKey }, issuedAt)
    return { code, openid: user.openid }
  }

  /** Consumes a login code, as `jscode2session` does. */
  redeemLoginCode(code: string): RedeemResult<LoginGrant> {
    return this.loginCodes.redeem(code)
  }

  /** The openid a live login code belongs to, without consuming it. */
  peekLoginCode(code: string): string | undefined {
    return this.loginCodes.peek(code)?.openid
  }

  /**
   * Counts one code2Session call for `openid` against the per-user limit; false when the user already made the
   * limit's worth of calls in the last minute (WeChat's 45011, which leaves the code unused).
   */
  takeCode2SessionQuota(openid: string): boolean {
    if (this.code2SessionLimit === 0) return true
    const since = this.now() - 60_000
    const calls = (this.code2SessionCalls.get(openid) ?? []).filter((at) => at > since)
    if (calls.length >= this.code2SessionLimit) {
      this.code2SessionCalls.set(openid, calls)
      return false
    }
    calls.push(this.now())
    this.code2SessionCalls.set(openid, calls)
    return true
  }

  /** Stands in for the getPhoneNumber button: returns a single-use dynamic code valid for five minutes. */
  issuePhoneCode(request: PhoneCodeRequest = {}): { code: string } {
    const pure = request.phoneNumber ?? '13800138000'
    const country = request.countryCode ?? '86'
    const info: PhoneInfo = {
      // WeChat prefixes the country code only for numbers outside mainland China.
      phoneNumber: country === '86' ? pure : `+${country}${pure}`,
      purePhoneNumber: pure,
      countryCode: request.countryCodeAsString === true ? country : Number(country),
      watermark: { timestamp: Math.floor(this.now() / 1000), appid: this.appid },
    }
    const code = newPhoneCode(this.random)
    this.phoneCodes.add(code, { openid: request.openid, info })
    return { code }
  }

  /**
   * Consumes a phone code, as `getuserphonenumber` does. Invalid, used and expired codes all read 40029; when the
   * caller names an openid and the code belongs to someone else, 40003.
   */
  redeemPhoneCode(code: string, openid?: string): PhoneRedeemResult {
    const result = this.phoneCodes.redeem(code)
    if (!result.ok) return { ok: false, errcode: 40029 }
    const owner = result.value.openid
    if (openid !== undefined && owner !== undefined && owner !== openid) return { ok: false, errcode: 40003 }
    return { ok: true, info: structuredClone(result.value.info) }
  }

  /** The user's current session_key, or undefined for an unknown openid. */
  sessionKeyOf(openid: string): string | undefined {
    return this.users.get(openid)?.sessionKey
  }

  /**
   * `resetusersessionkey`: with a valid signature of the current key, replaces the key (the old one dies at once)
   * and returns the new one; 40003 for an unknown openid, 87009 for a wrong signature or an expired key.
   */
  resetSessionKey(openid: string, signature: string): { openid: string; sessionKey: string } | 40003 | 87009 {
    const check = this.checkSessionSignature(openid, signature)
    if (check !== 0) return check
    const user = this.users.login({ openid })
    return { openid, sessionKey: user.sessionKey }
  }

  /** Marks the user's current session_key invalid, as if WeChat had expired it. False for an unknown openid. */
  expireSessionKey(openid: string): boolean {
    const user = this.users.get(openid)
    if (user === undefined) return false
    user.sessionKeyValid = false
    return true
  }

  /** `checksession`: 0 when `signature` is hmac_sha256(key = current session_key string, data = ""). */
  checkSessionSignature(openid: string, signature: string): 0 | 40003 | 87009 {
    const user = this.users.get(openid)
    if (user === undefined) return 40003
    if (!user.sessionKeyValid) return 87009
    const expected = Buffer.from(createHmac('sha256', user.sessionKey).update('').digest('hex'), 'utf8')
    const given = Buffer.from(signature.toLowerCase(), 'utf8')
    return expected.length === given.length && timingSafeEqual(expected, given) ? 0 : 87009
  }

  /**
   * Encrypts open data for a user the way the mini program would receive it: the object plus a watermark
   * `{ appid, timestamp }` (seconds), under the user's current session_key. Also returns `rawData` (the object
   * without watermark) and its `signature`, as `getUserProfile` does. Undefined for an unknown openid.
   */
  encryptFor(
    openid: string,
    data: Record<string, unknown>,
  ): (EncryptedOpenData & { rawData: string; signature: string }) | undefined {
    const user: EmulatedUser | undefined = this.users.get(openid)
    if (user === undefined) return undefined
    // WeChat puts the watermark last, timestamp before appid.
    const watermark = { timestamp: Math.floor(this.now() / 1000), appid: this.appid }
    const plaintext = JSON.stringify({ ...data, watermark })
    const rawData = JSON.stringify(data)
    return {
      ...encryptOpenData(user.sessionKey, plaintext, this.random(16)),
      rawData,
      signature: signRawData(rawData, user.sessionKey),
    }
  }
}

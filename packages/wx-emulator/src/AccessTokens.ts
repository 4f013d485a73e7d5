import type { RandomBytes } from './randomSource'
import { newAccessToken } from './wxIdentifiers'

/** How long an access_token lives, in seconds, as WeChat documents. */
export const ACCESS_TOKEN_TTL_SEC = 7200
/** The overlap WeChat guarantees when a token is replaced: old and new both work for this long. */
export const TOKEN_OVERLAP_MS = 5 * 60_000
/** stable_token force-refresh limits: at most 20 a day, and a call within 30 s of the last one does not refresh. */
export const FORCE_REFRESH_DAILY_LIMIT = 20
export const FORCE_REFRESH_MIN_INTERVAL_MS = 30_000

const TTL_MS = ACCESS_TOKEN_TTL_SEC * 1000
const DAY_MS = 86_400_000
// WeChat's daily quotas reset at midnight Beijing time (UTC+8).
const BEIJING_OFFSET_MS = 8 * 3_600_000

interface TokenRecord {
  expiresAt: number
  /** Set when the token was replaced: it stops working at this instant, before its natural expiry. */
  cutoffAt: number | undefined
}

/** A token handed out, with its remaining life in whole seconds. */
export interface IssuedToken {
  access_token: string
  expires_in: number
}

/** The outcome of a stable_token request. */
export type StableTokenResult =
  | { ok: true; token: IssuedToken; minted: boolean; forced: boolean }
  | { ok: false; errcode: number }

/**
 * The two independent access_token families WeChat keeps per appid: `cgi-bin/token` (every call mints a new
 * token and cuts the previous one down to five more minutes) and `cgi-bin/stable_token` (the same token until five
 * minutes before it expires; a forced refresh kills the previous one at once).
 */
export class AccessTokens {
  private readonly records = new Map<string, TokenRecord>()
  private latestPlain: string | undefined
  private latestStable: string | undefined
  private lastForceAt: number | undefined
  private forceDay = -1
  private forceCount = 0
  private minted = 0

  constructor(
    private readonly now: () => number,
    private readonly random: RandomBytes,
  ) {}

  /** `GET /cgi-bin/token`: always a new token; the previous one keeps working for at most five more minutes. */
  issuePlain(): IssuedToken {
    const now = this.now()
    const previous = this.latestPlain === undefined ? undefined : this.records.get(this.latestPlain)
    if (previous !== undefined) previous.cutoffAt = Math.min(previous.expiresAt, now + TOKEN_OVERLAP_MS)
    this.latestPlain = this.mint(now)
    return { access_token: this.latestPlain, expires_in: ACCESS_TOKEN_TTL_SEC }
  }

  /** `POST /cgi-bin/stable_token`, in normal or force-refresh mode. */
  issueStable(forceRefresh: boolean): StableTokenResult {
    const now = this.now()
    const current = this.latestStable === undefined ? undefined : this.records.get(this.latestStable)
    const usable = current !== undefined && this.latestStable !== undefined && current.cutoffAt === undefined

    if (forceRefresh) {
      const day = Math.floor((now + BEIJING_OFFSET_MS) / DAY_MS)
      if (day !== this.forceDay) {
        this.forceDay = day
        this.forceCount = 0
      }
      if (this.forceCount >= FORCE_REFRESH_DAILY_LIMIT) return { ok: false, errcode: 45009 }
      // WeChat documents that a forced refresh within 30 s of the previous one "does not refresh".
      const tooSoon = this.lastForceAt !== undefined && now - this.lastForceAt < FORCE_REFRESH_MIN_INTERVAL_MS
      if (!(tooSoon && usable && now < current.expiresAt)) {
        this.forceCount += 1
        this.lastForceAt = now
        if (current !== undefined) current.cutoffAt = now
        this.latestStable = this.mint(now)
        return { ok: true, token: this.describe(this.latestStable, now), minted: true, forced: true }
      }
    }

    if (usable && now < current.expiresAt - TOKEN_OVERLAP_MS && this.latestStable !== undefined) {
      return { ok: true, token: this.describe(this.latestStable, now), minted: false, forced: false }
    }
    // Within the last five minutes (or expired): a new token; the old one lives out its remaining time.
    this.latestStable = this.mint(now)
    return { ok: true, token: this.describe(this.latestStable, now), minted: true, forced: false }
  }

  /**
   * Checks a token presented to an API: 0 when it works, 42001 when it outlived its 7200 s, 40001 when it is
   * unknown or was replaced (WeChat's "invalid credential, access_token is invalid or not latest").
   */
  check(token: string): 0 | 40001 | 42001 {
    const record = this.records.get(token)
    if (record === undefined) return 40001
    const now = this.now()
    if (now >= record.expiresAt) return 42001
    if (record.cutoffAt !== undefined && now >= record.cutoffAt) return 40001
    return 0
  }

  /** Makes every token issued so far unusable, as if WeChat had rotated them all (dev tooling). */
  revokeAll(): void {
    const now = this.now()
    for (const record of this.records.values()) record.cutoffAt = now
  }

  private describe(token: string, now: number): IssuedToken {
    const record = this.records.get(token)
    const remainingMs = record === undefined ? 0 : record.expiresAt - now
    return { access_token: token, expires_in: Math.max(0, Math.floor(remainingMs / 1000)) }
  }

  private mint(now: number): string {
    this.prune(now)
    this.minted += 1
    const token = newAccessToken(this.random, this.minted)
    this.records.set(token, { expiresAt: now + TTL_MS, cutoffAt: undefined })
    return token
  }

  // Records are kept a day past expiry so a late caller still gets 42001 rather than 40001.
  private prune(now: number): void {
    for (const [token, record] of this.records) {
      if (record.expiresAt + DAY_MS > now) break
      this.records.delete(token)
    }
  }
}

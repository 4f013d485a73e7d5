import { timingSafeEqual } from 'node:crypto'
import { CodeBook } from './CodeBook'
import type { RedeemResult } from './CodeBook'
import { ALPHABETS, randomString } from './randomSource'
import type { RandomBytes } from './randomSource'
import { newAccessToken, newOpenid } from './wxIdentifiers'

/** The two scopes of WeChat's web OAuth. */
export type OauthScope = 'snsapi_base' | 'snsapi_userinfo'

/** A WeChat user as the official account sees them: their own openid, and the unionid shared with the mini program. */
export interface OaUser {
  readonly openid: string
  unionid: string | undefined
  nickname: string
  headimgurl: string
}

/** What an OAuth code carries until it is exchanged. */
export interface OauthGrant {
  openid: string
  scope: OauthScope
}

interface WebToken {
  openid: string
  scope: OauthScope
  expiresAt: number
}

interface RefreshRecord extends WebToken {
  /** The web access token this refresh token last handed out. */
  accessToken: string
}

/** What `sns/oauth2/access_token` and `sns/oauth2/refresh_token` hand out. */
export interface WebTokenAnswer {
  access_token: string
  expires_in: number
  refresh_token: string
  openid: string
  scope: string
}

/** The web access token lives two hours, the refresh token 30 days, as WeChat documents. */
export const WEB_TOKEN_TTL_SEC = 7200
export const REFRESH_TOKEN_TTL_MS = 30 * 86_400_000
const CODE_TTL_MS = 5 * 60_000
/** Users the authorize page keeps for cookie-less browsers; see {@link OfficialAccount.browserUser}. */
export const MAX_BROWSER_USERS = 1000
const CODE_RETAIN_MS = 60 * 60_000

/**
 * The emulated official account (公众号): its own appid and secret, its own openids for the same people, single-use
 * five-minute OAuth codes, web access tokens and refresh tokens. A person is the same across the mini program and
 * the official account only through their unionid, exactly as with WeChat.
 */
export class OfficialAccount {
  readonly users = new Map<string, OaUser>()
  private readonly browserUsers = new Set<string>()
  private readonly codes: CodeBook<OauthGrant>
  private readonly accessTokens = new Map<string, WebToken>()
  private readonly refreshTokens = new Map<string, RefreshRecord>()

  constructor(
    readonly appid: string,
    private readonly secret: string,
    private readonly now: () => number,
    private readonly random: RandomBytes,
  ) {
    this.codes = new CodeBook(CODE_TTL_MS, CODE_RETAIN_MS, now)
  }

  /** Compares a presented AppSecret in constant time. */
  secretMatches(candidate: string): boolean {
    const a = Buffer.from(candidate, 'utf8')
    const b = Buffer.from(this.secret, 'utf8')
    return a.length === b.length && timingSafeEqual(a, b)
  }

  /** Finds or creates the official account's user; a given unionid is recorded (the same person as in the mini program). */
  user(request: { openid?: string; unionid?: string } = {}): OaUser {
    const openid = request.openid ?? newOpenid(this.random)
    let user = this.users.get(openid)
    if (user === undefined) {
      user = { openid, unionid: undefined, nickname: `微信用户${openid.slice(-4)}`, headimgurl: '' }
      this.users.set(openid, user)
    }
    if (request.unionid !== undefined) user.unionid = request.unionid
    return user
  }

  /**
   * The user of a browser on the authorize page: the one its cookie names (made again under that openid if it was
   * dropped), else a new one. Users made here are kept in a bounded list ({@link MAX_BROWSER_USERS}) and the
   * oldest is dropped past it: every cookie-less call makes a user, and 20,000 of them grew memory by 19 MB.
   * Users made through the test API or the WeChat endpoints are never dropped.
   */
  browserUser(openid: string | undefined): OaUser {
    if (openid !== undefined && this.users.has(openid)) return this.user({ openid })
    const user = this.user(openid === undefined ? {} : { openid })
    this.browserUsers.add(user.openid)
    for (const oldest of this.browserUsers) {
      if (this.browserUsers.size <= MAX_BROWSER_USERS) break
      this.browserUsers.delete(oldest)
      this.users.delete(oldest)
    }
    return user
  }

  /** Issues a single-use OAuth code valid five minutes, as the authorize page does once the user agreed. */
  issueCode(openid: string, scope: OauthScope, expired = false): string {
    const code = randomString(this.random, 32, ALPHABETS.alnum)
    this.codes.add(code, { openid, scope }, expired ? this.now() - CODE_TTL_MS - 1000 : this.now())
    return code
  }

  /** Consumes an OAuth code. */
  redeemCode(code: string): RedeemResult<OauthGrant> {
    return this.codes.redeem(code)
  }

  /** Mints a web access token and a refresh token for an exchanged code. */
  mintTokens(grant: OauthGrant): WebTokenAnswer {
    const accessToken = this.mintAccessToken(grant)
    const refreshToken = newAccessToken(this.random, 2)
    this.refreshTokens.set(refreshToken, { ...grant, accessToken, expiresAt: this.now() + REFRESH_TOKEN_TTL_MS })
    return { access_token: accessToken, expires_in: WEB_TOKEN_TTL_SEC, refresh_token: refreshToken, openid: grant.openid, scope: grant.scope }
  }

  /**
   * `sns/oauth2/refresh_token` for a live refresh token (which is not renewed). While the access token it last gave
   * is still valid, WeChat keeps that token and extends its expiry by another two hours; once it has expired, a new one.
   */
  refresh(refreshToken: string): WebTokenAnswer | 40030 | 42002 {
    const record = this.refreshTokens.get(refreshToken)
    if (record === undefined) return 40030
    if (this.now() >= record.expiresAt) return 42002
    const current = this.accessTokens.get(record.accessToken)
    if (current !== undefined && this.now() < current.expiresAt) {
      current.expiresAt = this.now() + WEB_TOKEN_TTL_SEC * 1000
    } else {
      record.accessToken = this.mintAccessToken(record)
    }
    return {
      access_token: record.accessToken,
      expires_in: WEB_TOKEN_TTL_SEC,
      refresh_token: refreshToken,
      openid: record.openid,
      scope: record.scope,
    }
  }

  /** Checks a web access token for `openid`: 0, 40001 unknown, 42001 expired, 40003 another user's token. */
  checkAccessToken(accessToken: string, openid: string): { errcode: 0; scope: OauthScope } | { errcode: 40001 | 40003 | 42001 } {
    const record = this.accessTokens.get(accessToken)
    if (record === undefined) return { errcode: 40001 }
    if (this.now() >= record.expiresAt) return { errcode: 42001 }
    if (record.openid !== openid) return { errcode: 40003 }
    return { errcode: 0, scope: record.scope }
  }

  private mintAccessToken(grant: { openid: string; scope: OauthScope }): string {
    const token = newAccessToken(this.random, 1)
    this.accessTokens.set(token, { openid: grant.openid, scope: grant.scope, expiresAt: this.now() + WEB_TOKEN_TTL_SEC * 1000 })
    return token
  }
}

import type { SessionLocator, SessionRecord, SessionStore } from '../stores/sessionStore'
import type { UserRecord } from '../stores/userStore'
import { locateToken, newToken } from './tokens'

/** Options of {@link SessionService}. */
export interface SessionServiceOptions {
  store: SessionStore
  /** A session unused this long ends. */
  idleTtlMs: number
  /** A session ends this long after login, however busy. */
  maxAgeMs: number
  /**
   * The idle deadline is written only when a request moves it by at least this much. Default: 1% of the idle TTL
   * (at least 1 s), so a session is used about a hundred times per idle TTL before its deadline is written again,
   * and ends at most 1% of the idle TTL earlier than with a write on every request.
   */
  minSlideMs?: number
  /** The clock (ms since the epoch); tests inject one. */
  now: () => number
  /** Told of every session issued and revoked (the metrics count them). */
  observer?: SessionObserver
}

/** What {@link SessionService} reports as it goes. */
export interface SessionObserver {
  issued(): void
  /** `count` sessions ended by logout or logout-all. */
  revoked(count: number): void
}

/**
 * Why a token does not authenticate: `unknown` (malformed, never issued, revoked, or already collected by the
 * store's own expiry), `idle` (found past its idle deadline), `absolute` (found past its cap).
 */
export type SessionEndReason = 'unknown' | 'idle' | 'absolute'

/** The outcome of {@link SessionService.check}. */
export type SessionCheck = { session: ActiveSession } | { session: undefined; reason: SessionEndReason }

/** What identifies a new session's owner. */
export interface SessionOwner {
  userId: string
  openid: string
  unionid?: string
  sessionKey: string
}

/** A session found by {@link SessionService.authenticate}, with its user as read in the same store call. */
export interface ActiveSession {
  locator: SessionLocator
  record: SessionRecord
  /** Undefined when the user behind the session no longer exists. */
  user: UserRecord | undefined
}

/** The default of {@link SessionServiceOptions.minSlideMs}. */
export function defaultMinSlideMs(idleTtlMs: number): number {
  return Math.max(1000, Math.floor(idleTtlMs / 100))
}

/**
 * Issues, checks and revokes the opaque 3rd_session tokens. It owns the clock and the rules: a session ends when
 * idle longer than the idle TTL (which slides on authenticated requests) or at its absolute `expiresAt`, whichever
 * comes first. Only token hashes reach the store, under the user's slot tag that every token of the user carries.
 */
export class SessionService {
  private readonly minSlideMs: number

  constructor(private readonly options: SessionServiceOptions) {
    this.minSlideMs = options.minSlideMs ?? defaultMinSlideMs(options.idleTtlMs)
  }

  /** Starts a new session; every login gets a fresh token, earlier tokens of the user stay valid. */
  async issue(owner: SessionOwner): Promise<{ token: string; expiresAt: number; record: SessionRecord }> {
    const { store } = this.options
    const token = newToken(await store.tagFor(owner.userId))
    const locator = locateToken(token)
    if (locator === undefined) throw new Error('a freshly issued token failed its own shape check')
    const now = this.options.now()
    const expiresAt = now + this.options.maxAgeMs
    const record: SessionRecord = {
      userId: owner.userId,
      openid: owner.openid,
      sessionKey: owner.sessionKey,
      createdAt: now,
      expiresAt,
      idleExpiresAt: Math.min(now + this.options.idleTtlMs, expiresAt),
    }
    if (owner.unionid !== undefined) record.unionid = owner.unionid
    await store.create(locator, record, record.idleExpiresAt - now)
    this.options.observer?.issued()
    return { token, expiresAt, record }
  }

  /**
   * Returns the live session for `token`, with its user, and slides its idle deadline, in one store call (one
   * Redis round trip); undefined when the token is malformed, unknown, idle too long or past its cap (a dead
   * session found here is deleted on the spot).
   */
  async authenticate(token: string): Promise<ActiveSession | undefined> {
    return (await this.check(token)).session
  }

  /** {@link authenticate}, saying why when the token does not authenticate. */
  async check(token: string): Promise<SessionCheck> {
    const locator = locateToken(token)
    if (locator === undefined) return { session: undefined, reason: 'unknown' }
    const result = await this.options.store.touch(locator, {
      now: this.options.now(),
      idleTtlMs: this.options.idleTtlMs,
      minSlideMs: this.minSlideMs,
    })
    if (result.state === 'active') return { session: { locator, record: result.record, user: result.user } }
    return { session: undefined, reason: result.state === 'ended' ? result.reason : 'unknown' }
  }

  /** Ends the session of `token`; unknown tokens are ignored, so logout is idempotent. */
  async revoke(token: string): Promise<void> {
    const locator = locateToken(token)
    if (locator === undefined) return
    await this.options.store.delete(locator)
    this.options.observer?.revoked(1)
  }

  /** Ends every session of a user (logout everywhere); returns how many ended. */
  async revokeAllForUser(userId: string): Promise<number> {
    const count = await this.options.store.deleteAllForUser(userId)
    this.options.observer?.revoked(count)
    return count
  }
}

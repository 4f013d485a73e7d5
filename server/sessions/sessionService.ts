import type { SessionRecord, SessionStore } from '../stores/sessionStore'
import { hashToken, newToken } from './tokens'

/** Options of {@link SessionService}. */
export interface SessionServiceOptions {
  store: SessionStore
  /** A session unused this long ends. */
  idleTtlMs: number
  /** A session ends this long after login, however busy. */
  maxAgeMs: number
  /** The clock (ms since the epoch); tests inject one. */
  now: () => number
}

/** What identifies a new session's owner. */
export interface SessionOwner {
  userId: string
  openid: string
  unionid?: string
  sessionKey: string
}

/** A session found by {@link SessionService.authenticate}. */
export interface ActiveSession {
  hash: string
  record: SessionRecord
}

/**
 * Issues, checks and revokes the opaque 3rd_session tokens. It owns the clock and the rules: a session ends when
 * idle longer than the idle TTL (which slides on every authenticated request) or at its absolute `expiresAt`,
 * whichever comes first. Only token hashes reach the store.
 */
export class SessionService {
  constructor(private readonly options: SessionServiceOptions) {}

  /** Starts a new session; every login gets a fresh token, earlier tokens of the user stay valid. */
  async issue(owner: SessionOwner): Promise<{ token: string; expiresAt: number; record: SessionRecord }> {
    const now = this.options.now()
    const token = newToken()
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
    await this.options.store.create(hashToken(token), record, record.idleExpiresAt - now)
    return { token, expiresAt, record }
  }

  /**
   * Returns the live session for `token` and slides its idle deadline, or undefined when the token is unknown,
   * idle too long or past its cap (a dead session found here is deleted on the spot).
   */
  async authenticate(token: string): Promise<ActiveSession | undefined> {
    const hash = hashToken(token)
    const record = await this.options.store.get(hash)
    if (record === undefined) return undefined
    const now = this.options.now()
    if (now >= record.expiresAt || now >= record.idleExpiresAt) {
      await this.options.store.delete(hash)
      return undefined
    }
    const slid: SessionRecord = { ...record, idleExpiresAt: Math.min(now + this.options.idleTtlMs, record.expiresAt) }
    // A logout racing with this request wins: update() refuses to resurrect a deleted session.
    const stillThere = await this.options.store.update(hash, slid, slid.idleExpiresAt - now)
    return stillThere ? { hash, record: slid } : undefined
  }

  /** Ends the session of `token`; unknown tokens are ignored, so logout is idempotent. */
  async revoke(token: string): Promise<void> {
    await this.options.store.delete(hashToken(token))
  }

  /** Ends every session of a user (logout everywhere); returns how many ended. */
  async revokeAllForUser(userId: string): Promise<number> {
    return this.options.store.deleteAllForUser(userId)
  }
}

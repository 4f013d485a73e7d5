import type { UserRecord } from './userStore'

/**
 * What the server remembers about one session. It is stored under the SHA-256 of the token, never the token
 * itself, and it holds the WeChat session_key, so it must never be sent to a client.
 */
export interface SessionRecord {
  userId: string
  openid: string
  unionid?: string
  sessionKey: string
  /** When the session was issued (ms since the epoch). */
  createdAt: number
  /** The absolute cap: the session ends here however busy it is (ms since the epoch). */
  expiresAt: number
  /** The sliding idle deadline, moved forward on use and never past `expiresAt` (ms since the epoch). */
  idleExpiresAt: number
}

/**
 * Where a session lives: its user's slot tag (carried in the token, so a Redis Cluster client knows the slot
 * without a lookup) and the token's SHA-256 (hex).
 */
export interface SessionLocator {
  tag: string
  hash: string
}

/** The rules {@link SessionStore.touch} applies, with the SessionService's clock. */
export interface TouchPolicy {
  /** The SessionService's clock, ms since the epoch. */
  now: number
  /** A session unused this long ends. */
  idleTtlMs: number
  /**
   * The idle deadline is written only when it would move by at least this much; smaller moves are skipped, so a
   * busy session costs a read, not a write, per request. 0 writes on every request.
   */
  minSlideMs: number
}

/** What {@link SessionStore.touch} found. */
export type TouchResult =
  | { state: 'active'; record: SessionRecord; user: UserRecord | undefined }
  /** No session there (never issued, revoked, collected, or unreadable). */
  | { state: 'unknown' }
  /** The session was past its idle deadline or its cap (`absolute`, which wins when both are reached); touch deleted it. */
  | { state: 'ended'; reason: 'idle' | 'absolute' }

/**
 * Persistence for sessions, keyed by {@link SessionLocator}, with a per-user index for logout-all. The clock
 * belongs to the SessionService: `touch` receives it in its policy, and `ttlMs` elsewhere is a garbage-collection
 * bound, not the source of truth. Every method rejects with a ServiceUnavailableError when the backing store is
 * unreachable.
 */
export interface SessionStore {
  /** The slot tag of a user's tokens: the same for every session of the user, random, created on first use. */
  tagFor(userId: string): Promise<string>
  /** Stores a new session and adds it to its user's index. */
  create(locator: SessionLocator, record: SessionRecord, ttlMs: number): Promise<void>
  /** The session at `locator`, or undefined when there is none. No expiry check, no slide. */
  get(locator: SessionLocator): Promise<SessionRecord | undefined>
  /**
   * The authenticated-request path, atomically: reads the session, ends it (deletes it) when `policy.now` is past
   * its idle deadline or cap, otherwise slides the idle deadline as the policy says, and reads the session's user.
   * A session deleted meanwhile (by any instance) is `unknown`, never written back.
   */
  touch(locator: SessionLocator, policy: TouchPolicy): Promise<TouchResult>
  /** Deletes one session; deleting an unknown one is not an error. */
  delete(locator: SessionLocator): Promise<void>
  /** Deletes every session of a user and returns how many there were. */
  deleteAllForUser(userId: string): Promise<number>
  /** How many sessions the store holds (including ones past their deadline but not yet collected). */
  count(): Promise<number>
  /** Drops every session (development endpoint and tests). */
  clear(): Promise<void>
}

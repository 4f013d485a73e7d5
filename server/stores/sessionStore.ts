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
  /** The sliding idle deadline, moved forward on every use and never past `expiresAt` (ms since the epoch). */
  idleExpiresAt: number
}

/**
 * Persistence for sessions, keyed by token hash, with a per-user index for logout-all. Implementations only
 * store and expire; deciding whether a session is still valid is the SessionService's job (it owns the clock),
 * so `ttlMs` is a garbage-collection bound, not the source of truth. Every method rejects with a
 * ServiceUnavailableError when the backing store is unreachable.
 */
export interface SessionStore {
  /** Stores a new session and adds it to its user's index. */
  create(hash: string, record: SessionRecord, ttlMs: number): Promise<void>
  /** The session under `hash`, or undefined when there is none. */
  get(hash: string): Promise<SessionRecord | undefined>
  /** Replaces an existing session; returns false (and stores nothing) when it was deleted meanwhile. */
  update(hash: string, record: SessionRecord, ttlMs: number): Promise<boolean>
  /** Deletes one session; deleting an unknown hash is not an error. */
  delete(hash: string): Promise<void>
  /** Deletes every session of a user and returns how many there were. */
  deleteAllForUser(userId: string): Promise<number>
  /** How many sessions the store holds (including ones past their deadline but not yet collected). */
  count(): Promise<number>
  /** Drops every session (development endpoint and tests). */
  clear(): Promise<void>
}

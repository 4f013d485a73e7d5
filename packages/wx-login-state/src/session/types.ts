import type { AuthError } from '../errors'

/** Where the session is: restoring from storage at launch, logged out, logging in, or logged in. */
export type SessionStatus = 'restoring' | 'anonymous' | 'logging-in' | 'authenticated'

/** The user object of the HTTP contract (`docs/api.md`). */
export interface User {
  id: string
  /** The mini program's openid; for a user known only from WeChat's browser, the official account's. */
  openid: string
  /** The official account's openid, once the user has logged in in WeChat's browser. */
  webOpenid?: string
  unionid?: string
  /** `''` until the user fills it in. */
  nickname: string
  /** `''` until the user uploads one. */
  avatarUrl: string
  phoneNumber?: string
  countryCode?: string
  /** Milliseconds since the epoch. */
  createdAt: number
}

/** An immutable snapshot of the session; every change produces a new frozen object. */
export interface SessionState {
  readonly status: SessionStatus
  readonly user: User | null
  /** The last failure (a failed login, a failed repair), cleared by the next success. */
  readonly error: AuthError | null
  /** The server's absolute expiry of the current token, in milliseconds since the epoch. */
  readonly expiresAt: number | null
}

/** What subscribers of the session manager receive. */
export type SessionEvent =
  | { type: 'change'; state: SessionState }
  /** Something degraded without failing, e.g. storage full: the session is kept in memory only. */
  | { type: 'warning'; error: AuthError }

/** What the reference contract's login endpoint returns (`parseStoredSession` checks it). */
export interface StoredSession {
  token: string
  expiresAt: number
  user: User
}

/**
 * @internal What the session manager keeps and persists, for any backend: the expiry is `null` when the
 * backend does not say, the user `null` when it has none, and the refresh token is there when it issues one.
 */
export interface SessionRecord {
  token: string
  expiresAt: number | null
  user: User | null
  refreshToken?: string
  refreshExpiresAt?: number | null
}

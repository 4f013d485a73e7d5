import type { BackendLoginFailureReason } from '../errors'
import type { TransportRequest } from '../platform/types'
import type { User } from './types'

/** What a login call is built from. */
export interface LoginInput {
  /** The `wx.login` code, or the code of WeChat's web OAuth. */
  readonly code: string
  /** `'mp'` for a `wx.login` code, `'web'` for a web OAuth code. */
  readonly kind: 'mp' | 'web'
  /**
   * What the app passed to `login(inputs)`: a phone code for one-tap login, a tenant, … Empty for a
   * silent re-login, which the library starts on its own.
   */
  readonly extra: Readonly<Record<string, unknown>>
}

/** An answer of the backend: the HTTP status, the parsed body, and the response headers with lower-cased names. */
export interface BackendAnswer {
  status: number
  data: unknown
  headers: Record<string, string>
}

/** A failed login as the backend's description reads it (see `LoginFailure` of the backend description). */
export interface LoginFailureVerdict {
  readonly reason: BackendLoginFailureReason | 'backend_error'
  readonly code?: string
  readonly retryWithFreshCode?: boolean
}

/** The token and expiries a login or refresh answer holds. */
export interface SessionGrant {
  token: string
  /** ms since the epoch; `null` when the backend does not say. */
  expiresAt: number | null
  refreshToken?: string
  refreshExpiresAt?: number | null
}

/**
 * @internal What the session layer needs from the backend description: its calls and how to read their
 * answers. `backend/backendClient.ts`, the one reader of the description, implements it; the session
 * layer sees only this port, so it knows no wire shape.
 */
export interface SessionBackend {
  readonly name: string
  /** The login call for `input`, or `undefined` for a web code when the backend has no web login. */
  loginRequest(input: LoginInput, timeoutMs: number): TransportRequest | undefined
  loginFailure(answer: BackendAnswer): LoginFailureVerdict | undefined
  /** The token and expiries of a login answer; throws an `InvalidResponseError` naming the field. */
  readGrant(answer: BackendAnswer, now: number): SessionGrant
  /** Whether the backend has users at all (`user: 'none'` has not). */
  readonly hasUser: boolean
  /** The "me" call to send with `token` after the login, when the user is fetched. */
  userRequest(token: string, timeoutMs: number): TransportRequest | undefined
  /** The user from the login answer (or the "me" answer); throws an `InvalidResponseError`. */
  readUser(answer: BackendAnswer, token: string): User
  /** The refresh call, when the backend refreshes. */
  refreshRequest(refreshToken: string, timeoutMs: number): TransportRequest | undefined
  /** The new grant of a refresh answer, or `undefined` when the refresh failed in any way. */
  readRefresh(answer: BackendAnswer, now: number): SessionGrant | undefined
  logoutRequest(token: string, timeoutMs: number): TransportRequest | undefined
  isSessionExpired(answer: BackendAnswer): boolean
}

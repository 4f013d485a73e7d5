import type { BackendLoginFailureReason } from '../errors'
import type { HttpMethod } from '../platform/types'
import type { BackendAnswer, LoginInput } from '../session/sessionBackend'
import type { User } from '../session/types'
import type { QueryParams } from '../transport/url'

/**
 * Where a value sits in an answer: a dotted path into the JSON body (`'data.access_token'`, `'token'`),
 * or a response header (`{ header: 'x-auth-token' }`, any case).
 */
export type AnswerField = string | { readonly header: string }

/**
 * How an answer says when the token expires:
 * - `{ at, unit }`: an absolute time, in ms or s since the epoch, or a date string (`'date'`, ISO 8601);
 * - `{ in, unit }`: a lifetime from now, in ms or s;
 * - a function of the answer and the token, e.g. `jwtExpiry` of `wx-login-state/backends` (a JWT's `exp`),
 *   returning ms since the epoch (throw an `InvalidResponseError` when it cannot tell);
 * - `'unknown'`: nothing says; only the backend's "session expired" answer tells.
 */
export type ExpiryRule =
  | { readonly at: AnswerField; readonly unit: 'ms' | 's' | 'date' }
  | { readonly in: AnswerField; readonly unit: 'ms' | 's' }
  | ((source: ExpirySource) => number)
  | 'unknown'

/** What an expiry function reads: the answer, the token it read, the clock, and the answer's name for messages. */
export interface ExpirySource {
  readonly answer: BackendAnswer
  readonly token: string
  readonly now: number
  /** `'login answer'` or `'refresh answer'`. */
  readonly where: string
}

export type { LoginInput }

/** One call to the backend: a path joined to `baseURL` (or an absolute URL), and what goes with it. */
export interface BackendCall {
  readonly path: string
  /** Default `'POST'`. */
  readonly method?: HttpMethod
  readonly query?: QueryParams
  /** A JSON body. */
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

export type { BackendAnswer }

/**
 * A failed login as the backend said it: the library's `reason`, the backend's own code (kept as the
 * `LoginFailedError`'s `backendCode`), and whether this failure earns the one retry with a fresh
 * `wx.login` code (the code expired or was used already).
 */
export interface LoginFailure {
  readonly reason: BackendLoginFailureReason | 'backend_error'
  readonly code?: string
  readonly retryWithFreshCode?: boolean
}

/** Where the token, its expiry and the refresh token sit in a login (or refresh) answer. */
export interface SessionFields {
  readonly token: AnswerField
  readonly expiry: ExpiryRule
  /** Absent: the backend issues no refresh token. */
  readonly refreshToken?: AnswerField
  /** Default `'unknown'`: the refresh call itself tells. */
  readonly refreshExpiry?: ExpiryRule
}

/** What a user reader gets: the answer it maps (the login answer, or the `fetch` call's) and the session's token. */
export interface UserSource extends BackendAnswer {
  readonly token: string
}

/**
 * Where the user comes from:
 * - `{ read }`: mapped from the login answer;
 * - `{ fetch, read }`: a "me" call sent with the new token right after the login, whose answer `read` maps;
 * - `'none'`: the backend has no user to show; `state.user` stays `null`.
 *
 * `read` throws an `InvalidResponseError` naming the field when the answer is wrong. Fields a backend
 * does not have are `''` (strings) or `0` (`createdAt`).
 */
export type UserRule = UserReader | 'none'

/** A {@link UserRule} of a backend with users. */
export interface UserReader {
  readonly fetch?: BackendCall
  readonly read: (source: UserSource) => User
}

/** What `session.login()` resolves with under a backend whose user rule is `R`: `null` for `'none'`. */
export type UserOf<R extends UserRule> = R extends 'none' ? null : User

/** Where the token goes on every request the library sends to the backend. */
export interface TokenPlacement {
  /** The header name, e.g. `'Authorization'`, `'X-Litemall-Token'`, `'token'`. */
  readonly header: string
  /** Written before the token with one space, e.g. `'Bearer'`; `''` sends the bare token. */
  readonly scheme: string
  /** Fixed headers sent with the token, e.g. `{ clientid: '…' }` or `{ 'tenant-id': '1' }`. */
  readonly headers?: Readonly<Record<string, string>>
}

/** The optional refresh: one shared call that trades the refresh token for a new session. */
export interface RefreshDescription {
  /** The call, built from the current refresh token. */
  readonly call: (refreshToken: string) => BackendCall
  /** Where the refresh answer keeps the new token and expiry; default: the login answer's `session` fields. */
  readonly session?: SessionFields
}

/**
 * One typed description of a backend: how to log in, how to read the answer, where the token goes,
 * what "session expired" and "login failed" mean, and the optional refresh and logout calls. Given to
 * `createAuth({ backend })`; the reference contract (`referenceBackend`) is the default. Every part is
 * plain data or a plain function, so a preset can be copied and edited.
 */
export interface BackendDescription<R extends UserRule = UserRule> {
  /** Shown in error messages, e.g. `'litemall'`. */
  readonly name: string
  /** The login call for a `wx.login` code (and, without `webLogin`, nothing else). */
  readonly login: (input: LoginInput) => BackendCall
  /** The login call for a code of WeChat's web OAuth; absent: such a code fails as `unsupported_platform`. */
  readonly webLogin?: (input: LoginInput) => BackendCall
  /**
   * Whether a login (or refresh) answer is a failure, and which; `undefined` for a success. An answer
   * this does not call a failure must then hold the `session` fields, or the login fails as
   * `invalid_response`.
   */
  readonly loginFailure: (answer: BackendAnswer) => LoginFailure | undefined
  /** Where the login answer keeps the token, its expiry and the refresh token. */
  readonly session: SessionFields
  readonly user: R
  readonly sendToken: TokenPlacement
  /** Whether an answer to a request sent with the token says the session expired (an HTTP status, a business code). */
  readonly isSessionExpired: (answer: BackendAnswer) => boolean
  /** Absent: an expired session is repaired with `wx.login` and a login. */
  readonly refresh?: RefreshDescription
  /** The logout call, sent with the token (best effort); absent: logout is local only. */
  readonly logout?: () => BackendCall
}

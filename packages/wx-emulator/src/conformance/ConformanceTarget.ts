/** One HTTP answer as the runner saw it. */
export interface HttpAnswer {
  status: number
  /** Header names in lower case. */
  headers: Record<string, string>
  /** The body as text (cut to 2,000 characters in evidence). */
  text: string
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown
}

/** One request the runner sends to the backend. */
export interface TargetRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Path and query, from the base URL, e.g. `/api/auth/login`. */
  path: string
  headers?: Record<string, string>
  /** Sent as JSON when defined. */
  body?: unknown
}

/**
 * What the conformance runner needs to know about a backend: how to log in with a `wx.login` code, how to read the
 * token out of the answer, where the token goes on a request, what "session expired" and "login failed" look like.
 * The runner reads nothing else, so a backend in another shape (business codes, another header) is checked under
 * its own target. {@link referenceTarget} is the reference contract of docs/api.md.
 */
export interface ConformanceTarget {
  /** A short name for the table, e.g. `reference` or `litemall`. */
  name: string
  /** The login call for a `wx.login` code. */
  login(code: string): TargetRequest
  /** The token a login answer carries, or undefined when it carries none. */
  readToken(answer: HttpAnswer): string | undefined
  /** Headers that carry `token` on an authenticated request (plus any fixed headers the backend wants). */
  authorize(token: string): Record<string, string>
  /** A call that needs a valid session and succeeds with one (e.g. `GET /api/me`). */
  authenticatedCall: TargetRequest
  /** True when a business call answered with the backend's "session expired, log in again" signal. */
  isSessionExpired(answer: HttpAnswer): boolean
  /** True when the answer is the backend's declared shape for a failed login (its status and/or business code). */
  isLoginFailure(answer: HttpAnswer): boolean
  /** The error code a client reads from a failure answer, or undefined when the answer carries none it can read. */
  readError(answer: HttpAnswer): string | undefined
  /** The logout call, when the backend has one. */
  logout?(token: string): TargetRequest
  /** True when a logout answer means "done" (an already revoked token included). */
  isLogoutDone?(answer: HttpAnswer): boolean
  /** Binding a getPhoneNumber code to the session's user, when the backend has it. */
  bindPhone?(token: string, code: string): TargetRequest
}

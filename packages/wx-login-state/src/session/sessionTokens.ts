/**
 * @internal What the request layer needs from the session: the token for a protected request, and
 * the repair after a 401. It is not part of the public `SessionManager`, so an app cannot call
 * either by accident; `createAuth` hands it to the request client only.
 */
export interface SessionTokens {
  /** The token for a protected request; re-logs in first when it is (about to be) expired. */
  getToken(): Promise<string>
  /** After a 401 with `staleToken`: one shared re-login, unless someone already replaced it. */
  handleExpired(staleToken: string): Promise<string>
  /**
   * The token when a request may carry it right now (restored, no login running, not expiring), else
   * `undefined`: the uni interceptor decides synchronously whether to hold a call.
   */
  peekToken(): string | undefined
}

import { AuthError, CancelledError, LoginFailedError, LoginRequiredError, StorageError, usageError } from '../errors'
import type { SessionBackend } from './sessionBackend'
import type { Sender } from '../transport/sender'
import type { LoginCode, Platform } from '../platform/types'
import { codeFailure, performLogin } from './loginFlow'
import { createTokenStorage } from './tokenStorage'
import type { SessionTokens } from './sessionTokens'
import type { SessionEvent, SessionRecord, SessionState, User } from './types'

/** Options of {@link createSessionManager}; `createAuth` fills them from `AuthOptions`. */
export interface SessionManagerOptions {
  platform: Platform
  sender: Sender
  /** The backend description's reader: the login, refresh and logout calls and their answers. */
  backend: SessionBackend
  storageKey?: string
  expiryLeewayMs?: number
  timeoutMs?: number
  autoLogin?: 'repair' | 'always'
}

/** What the app may pass to `login(inputs)`: a phone code for one-tap login, a tenant, … (see the backend description). */
export type LoginInputs = Readonly<Record<string, unknown>>

/**
 * Owns the session token, its expiry and the user; see `docs` and `createAuth`. `U` is what a login
 * resolves with: the `User`, or `null` under a backend description without users (`user: 'none'`).
 */
export interface SessionManager<U extends User | null = User> {
  /** The current frozen snapshot. */
  readonly state: SessionState
  /** Resolves once the restore at launch (including the checkSession repair) finished; never rejects. */
  ready(): Promise<void>
  /**
   * Logs in; concurrent callers share one `wx.login` and one backend call, and the same outcome.
   * `inputs` reach the backend description's login call (e.g. `{ phoneCode }` for a one-tap login).
   */
  login(inputs?: LoginInputs): Promise<U>
  /** Tells the server (best effort), clears locally; idempotent; an in-flight login's waiters get `CancelledError`. */
  logout(): Promise<void>
  /** Replaces the user after a profile change and persists it with the token. */
  setUser(user: User): void
  /** Registers `listener` for every state change and warning; returns the unsubscribe function. */
  subscribe(listener: (event: SessionEvent) => void): () => void
}

/** What {@link createSessionManager} returns: the public manager, and the request layer's internal view. */
export interface SessionParts {
  session: SessionManager<User | null>
  /** @internal For the request client only; never reachable from `auth.session`. */
  tokens: SessionTokens
}

/**
 * Why a login runs; decides what a failure does to the existing session, and whether the user asked for it
 * (`user`) or it repairs silently (the others), which a redirect-based platform needs to know.
 */
type LoginReason = 'user' | 'silent' | 'expired' | 'stale-key'

/**
 * Creates a session manager and starts restoring the persisted session at once. Corrupt or foreign
 * storage content means "logged out". When a token is restored, `checkSession()` decides only
 * whether the server's session_key is stale (then a silent re-login refreshes it); it is never taken
 * as proof that the token itself is valid, which only the backend can tell.
 */
export function createSessionManager(options: SessionManagerOptions): SessionParts {
  const { platform, sender } = options
  const leeway = options.expiryLeewayMs ?? 60_000
  const timeoutMs = options.timeoutMs ?? 10_000
  const autoLogin = options.autoLogin ?? 'repair'
  const { backend } = options
  const storage = createTokenStorage(platform.storage, options.storageKey, backend.name)
  const listeners = new Set<(event: SessionEvent) => void>()

  let session: SessionRecord | null = storage.load()
  // Whether a session existed in this run and the user did not log out: 'repair' may then log in silently.
  let repairable = session !== null
  // After logout() nothing logs in silently, not even with autoLogin 'always', until an explicit login.
  let loggedOut = false
  // Bumped by logout(); a login or restore that started under an older generation must not commit.
  let generation = 0
  let inflight: Promise<User | null> | null = null
  // Set once the restore at launch finished; lets getToken() skip its awaits on the hot path.
  let restored = false
  let state: SessionState = snapshot('restoring', session?.user ?? null, null, session?.expiresAt ?? null)

  function snapshot(status: SessionState['status'], user: User | null, error: AuthError | null, expiresAt: number | null): SessionState {
    return Object.freeze({ status, user: user ? Object.freeze({ ...user }) : null, error, expiresAt })
  }

  function emit(event: SessionEvent): void {
    for (const listener of [...listeners]) {
      try {
        listener(event)
      } catch (error) {
        // A broken listener must not break the state machine; rethrown asynchronously so it still surfaces.
        void Promise.reject(error)
      }
    }
  }

  function setState(status: SessionState['status'], error: AuthError | null = null): void {
    const user = session?.user ?? null
    const expiresAt = session?.expiresAt ?? null
    if (state.status === status && state.user === user && state.error === error && state.expiresAt === expiresAt) return
    state = snapshot(status, user, error, expiresAt)
    emit({ type: 'change', state })
  }

  function persist(next: SessionRecord): void {
    try {
      storage.save(next)
    } catch (error) {
      emit({ type: 'warning', error: new StorageError('storing the session failed; it is kept in memory only', { cause: error }) })
    }
  }

  function dropSession(): void {
    session = null
    storage.clear()
  }

  async function postLogout(token: string): Promise<void> {
    const request = backend.logoutRequest(token, timeoutMs)
    if (request === undefined) return
    try {
      await sender.send(request, 0)
    } catch {
      // Best effort by contract: the token is already gone locally and expires on the server anyway.
    }
  }

  async function runLogin(gen: number, reason: LoginReason, code: LoginCode | undefined, extra: LoginInputs = {}): Promise<User | null> {
    setState('logging-in')
    let next: SessionRecord
    try {
      next = await performLogin({
        platform,
        sender,
        backend,
        timeoutMs,
        interactive: reason === 'user',
        extra,
        ...(code === undefined ? {} : { code }),
      })
    } catch (error) {
      if (gen !== generation) throw new CancelledError('login was discarded by logout()', { cause: error })
      const failure = error instanceof AuthError ? error : new LoginFailedError({ reason: 'network', message: String(error) }, { cause: error })
      // A token known to be expired is dead; a still-valid one (stale session_key, explicit login) is kept.
      if (reason === 'expired') dropSession()
      setState(session ? 'authenticated' : 'anonymous', failure)
      throw failure
    }
    if (gen !== generation) {
      // The server issued a token nobody will use; revoke it rather than leave it valid until it expires.
      void postLogout(next.token)
      throw new CancelledError('login was discarded by logout()')
    }
    session = next
    repairable = true
    loggedOut = false
    persist(next)
    setState('authenticated')
    return next.user
  }

  function login(reason: LoginReason = 'user', code?: LoginCode, extra?: LoginInputs): Promise<User | null> {
    if (inflight) return inflight
    const gen = generation
    // Deferred a tick so that `inflight` is set before any listener (run by setState) can call in again.
    const p = Promise.resolve().then(() => runLogin(gen, reason, code, extra))
    return track(p)
  }

  function track(p: Promise<User | null>): Promise<User | null> {
    inflight = p
    const clear = () => {
      if (inflight === p) inflight = null
    }
    p.then(clear, clear)
    return p
  }

  /**
   * A redirect-based platform brings the result of the login it started back with the page load: complete it now,
   * before anything else may log in. Resolves true when there was a result (so checkSession is moot).
   */
  async function completeRedirect(gen: number): Promise<boolean> {
    if (typeof platform.takeRedirectResult !== 'function') return false
    let code: LoginCode | null
    try {
      code = await platform.takeRedirectResult()
    } catch (error) {
      // A refused or forged return: shown as the login's failure; a session that already existed is kept.
      if (gen === generation) setState(session ? 'authenticated' : 'anonymous', codeFailure(error))
      return true
    }
    if (code === null) return false
    if (gen === generation) await login('user', code).catch(() => {})
    return true
  }

  const readyPromise: Promise<void> = (async () => {
    const gen = generation
    // NOTE: no await at all for platforms without redirects, so their restore keeps its timing.
    const redirected = typeof platform.takeRedirectResult === 'function' ? await completeRedirect(gen) : false
    if (redirected) {
      // Nothing more to check: a fresh session was just issued, or the failure is what the app must show.
    } else if (session) {
      let keyValid = true
      try {
        keyValid = await platform.checkSession()
      } catch {
        // Unknown is not stale: keep the session; the backend's 401 will tell if the token is dead.
      }
      if (!keyValid && gen === generation) await login('stale-key').catch(() => {})
    }
    if (gen === generation && !inflight) setState(session ? 'authenticated' : 'anonymous', state.error)
  })().finally(() => {
    restored = true
  })

  function isExpiring(s: SessionRecord): boolean {
    return s.expiresAt !== null && platform.now() >= s.expiresAt - leeway
  }

  function canRefresh(s: SessionRecord): s is SessionRecord & { refreshToken: string } {
    return s.refreshToken !== undefined && (s.refreshExpiresAt == null || platform.now() < s.refreshExpiresAt - leeway)
  }

  /**
   * Repairs an expired session: one shared refresh when the backend issued a refresh token, and only
   * when that fails (or there is none) a `wx.login` and a login. Shares `inflight` with the login, so
   * every waiter awaits the one repair, whichever way it went; a refresh is tried once per repair, and
   * its failure falls through to the login, never back into a refresh.
   */
  function repair(): Promise<User | null> {
    if (inflight) return inflight
    const current = session
    if (!current || !canRefresh(current)) return login(current ? 'expired' : 'silent')
    const gen = generation
    const p = Promise.resolve().then(async () => {
      if (await refresh(gen, current.refreshToken)) return session?.user ?? null
      if (gen !== generation) throw new CancelledError('the refresh was discarded by logout()')
      return runLogin(gen, 'expired', undefined)
    })
    return track(p)
  }

  /** One refresh call; true when it replaced the session (rotating the refresh token when a new one came). */
  async function refresh(gen: number, refreshToken: string): Promise<boolean> {
    const request = backend.refreshRequest(refreshToken, timeoutMs)
    if (request === undefined) return false
    setState('logging-in')
    let grant
    try {
      const response = await sender.send(request, 0)
      grant = backend.readRefresh({ status: response.status, data: response.data, headers: response.headers }, platform.now())
    } catch {
      // A refresh that failed to go through is a failed refresh: the login decides.
      return false
    }
    if (grant === undefined || gen !== generation || !session) return false
    session = {
      ...session,
      token: grant.token,
      expiresAt: grant.expiresAt,
      refreshToken: grant.refreshToken ?? refreshToken,
      refreshExpiresAt: grant.refreshToken === undefined ? (session.refreshExpiresAt ?? null) : (grant.refreshExpiresAt ?? null),
    }
    persist(session)
    setState('authenticated')
    return true
  }

  function mayLogInSilently(): boolean {
    return autoLogin === 'always' ? !loggedOut : repairable
  }

  function currentToken(): string {
    if (!session) throw new LoginRequiredError('no session after the login; call login() again')
    return session.token
  }

  const manager: SessionManager<User | null> = {
    get state() {
      return state
    },
    ready: () => readyPromise,
    login(inputs) {
      if (inputs !== undefined && (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs))) {
        return Promise.reject(usageError('login(inputs): inputs must be an object such as { phoneCode }'))
      }
      return login('user', undefined, inputs)
    },
    async logout() {
      generation++
      inflight = null
      repairable = false
      loggedOut = true
      const token = session?.token
      dropSession()
      setState('anonymous')
      if (token !== undefined) await postLogout(token)
    },
    setUser(user) {
      if (!session) throw new LoginRequiredError('setUser() needs a session; log in first')
      if (session.user === null) throw usageError(`setUser(): the backend ${backend.name} has no users`)
      if (user.id !== session.user.id) throw new CancelledError('setUser(): the session changed to another user meanwhile')
      session = { ...session, user: { ...user } }
      persist(session)
      setState(state.status, state.error)
    },
    subscribe(listener) {
      if (typeof listener !== 'function') throw usageError('subscribe(listener) needs a function')
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }

  const tokens: SessionTokens = {
    peekToken() {
      return restored && !inflight && session && !isExpiring(session) ? session.token : undefined
    },
    async getToken() {
      if (restored && !inflight && session && !isExpiring(session)) return session.token
      await readyPromise
      if (inflight) await inflight
      if (session && !isExpiring(session)) return session.token
      if (session) {
        await repair()
        return currentToken()
      }
      if (!mayLogInSilently()) throw new LoginRequiredError('this request needs a session; call login() first')
      await login('silent')
      return currentToken()
    },
    async handleExpired(staleToken) {
      await readyPromise
      if (inflight) await inflight
      // Check again after waiting: whoever ran the login that just finished already replaced the token.
      if (session && session.token !== staleToken) return session.token
      if (!session && !mayLogInSilently()) throw new LoginRequiredError('the session expired and silent login is off; call login()')
      await repair()
      return currentToken()
    },
  }

  return { session: manager, tokens }
}

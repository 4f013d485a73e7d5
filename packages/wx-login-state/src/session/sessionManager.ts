import { AuthError, CancelledError, LoginFailedError, LoginRequiredError, StorageError, usageError } from '../errors'
import type { Sender } from '../transport/sender'
import type { Platform } from '../platform/types'
import { performLogin } from './loginFlow'
import { createTokenStorage } from './tokenStorage'
import type { SessionEvent, SessionState, StoredSession, User } from './types'

/** Options of {@link createSessionManager}; `createAuth` fills them from `AuthOptions`. */
export interface SessionManagerOptions {
  platform: Platform
  sender: Sender
  /** Absolute URLs of the login and logout endpoints. */
  loginURL: string
  logoutURL: string
  storageKey?: string
  expiryLeewayMs?: number
  timeoutMs?: number
  autoLogin?: 'repair' | 'always'
}

/** Owns the 3rd_session token, its expiry and the user; see `docs` and `createAuth`. */
export interface SessionManager {
  /** The current frozen snapshot. */
  readonly state: SessionState
  /** Resolves once the restore at launch (including the checkSession repair) finished; never rejects. */
  ready(): Promise<void>
  /** Logs in; concurrent callers share one `wx.login` and one backend call, and the same outcome. */
  login(): Promise<User>
  /** Tells the server (best effort), clears locally; idempotent; an in-flight login's waiters get `CancelledError`. */
  logout(): Promise<void>
  /** Replaces the user after a profile change and persists it with the token. */
  setUser(user: User): void
  /** Registers `listener` for every state change and warning; returns the unsubscribe function. */
  subscribe(listener: (event: SessionEvent) => void): () => void
  /** @internal The token for a protected request; re-logs in first when it is (about to be) expired. */
  getToken(): Promise<string>
  /** @internal After a 401 with `staleToken`: one shared re-login, unless someone already replaced it. */
  handleExpired(staleToken: string): Promise<string>
  /**
   * @internal The token when a request may carry it right now (restored, no login running, not
   * expiring), else `undefined`: the uni interceptor decides synchronously whether to hold a call.
   */
  _peekToken(): string | undefined
}

/** Why a login runs; decides what a failure does to the existing session. */
type LoginReason = 'user' | 'expired' | 'stale-key'

/**
 * Creates a session manager and starts restoring the persisted session at once. Corrupt or foreign
 * storage content means "logged out". When a token is restored, `checkSession()` decides only
 * whether the server's session_key is stale (then a silent re-login refreshes it); it is never taken
 * as proof that the token itself is valid, which only the backend can tell.
 */
export function createSessionManager(options: SessionManagerOptions): SessionManager {
  const { platform, sender } = options
  const leeway = options.expiryLeewayMs ?? 60_000
  const timeoutMs = options.timeoutMs ?? 10_000
  const autoLogin = options.autoLogin ?? 'repair'
  const storage = createTokenStorage(platform.storage, options.storageKey)
  const listeners = new Set<(event: SessionEvent) => void>()

  let session: StoredSession | null = storage.load()
  // Whether a session existed in this run and the user did not log out: 'repair' may then log in silently.
  let repairable = session !== null
  // After logout() nothing logs in silently, not even with autoLogin 'always', until an explicit login.
  let loggedOut = false
  // Bumped by logout(); a login or restore that started under an older generation must not commit.
  let generation = 0
  let inflight: Promise<User> | null = null
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

  function persist(next: StoredSession): void {
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
    const request = { url: options.logoutURL, method: 'POST' as const, headers: { Authorization: `Bearer ${token}` }, timeoutMs }
    try {
      await sender.send(request, 0)
    } catch {
      // Best effort by contract: the token is already gone locally and expires on the server anyway.
    }
  }

  async function runLogin(gen: number, reason: LoginReason): Promise<User> {
    setState('logging-in')
    let next: StoredSession
    try {
      next = await performLogin({ platform, sender, url: options.loginURL, timeoutMs })
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

  function login(reason: LoginReason = 'user'): Promise<User> {
    if (inflight) return inflight
    const gen = generation
    // Deferred a tick so that `inflight` is set before any listener (run by setState) can call in again.
    const p = Promise.resolve().then(() => runLogin(gen, reason))
    inflight = p
    const clear = () => {
      if (inflight === p) inflight = null
    }
    p.then(clear, clear)
    return p
  }

  const readyPromise: Promise<void> = (async () => {
    const gen = generation
    if (session) {
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

  function isExpiring(s: StoredSession): boolean {
    return platform.now() >= s.expiresAt - leeway
  }

  function mayLogInSilently(): boolean {
    return autoLogin === 'always' ? !loggedOut : repairable
  }

  function currentToken(): string {
    if (!session) throw new LoginRequiredError('no session after the login; call login() again')
    return session.token
  }

  return {
    get state() {
      return state
    },
    ready: () => readyPromise,
    login: () => login('user'),
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
    _peekToken() {
      return restored && !inflight && session && !isExpiring(session) ? session.token : undefined
    },
    async getToken() {
      if (restored && !inflight && session && !isExpiring(session)) return session.token
      await readyPromise
      if (inflight) await inflight
      if (session && !isExpiring(session)) return session.token
      if (session) {
        await login('expired')
        return currentToken()
      }
      if (!mayLogInSilently()) throw new LoginRequiredError('this request needs a session; call login() first')
      await login('user')
      return currentToken()
    },
    async handleExpired(staleToken) {
      await readyPromise
      if (inflight) await inflight
      // Check again after waiting: whoever ran the login that just finished already replaced the token.
      if (session && session.token !== staleToken) return session.token
      if (!session && !mayLogInSilently()) throw new LoginRequiredError('the session expired and silent login is off; call login()')
      await login(session ? 'expired' : 'user')
      return currentToken()
    },
  }
}

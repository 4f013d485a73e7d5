import { describe, expect, it, vi } from 'vitest'
import { CancelledError, LoginFailedError, LoginRequiredError, StorageError, TimeoutError, isAuthError } from '../../src/errors'
import type { SessionEvent } from '../../src/session/types'
import { STORAGE_KEY, authFor, callsTo, createWorld, persistedSession, sessionFor } from '../harness'

describe('restore on launch', () => {
  it('restores a persisted session with no network call when the session_key is current', async () => {
    const { platform } = createWorld()
    const stored = await persistedSession(platform)
    const before = platform.transportLog.length

    const auth = authFor(platform)
    expect(auth.session.state.status).toBe('restoring')
    await auth.session.ready()

    expect(auth.session.state).toMatchObject({ status: 'authenticated', user: stored.user, expiresAt: stored.expiresAt })
    expect(platform.transportLog.length).toBe(before)
    expect(platform.calls.checkSession).toBe(1)
  })

  it('starts anonymous without calling checkSession when nothing is stored', async () => {
    const { platform } = createWorld()
    const auth = authFor(platform)
    await auth.session.ready()
    expect(auth.session.state.status).toBe('anonymous')
    expect(platform.calls.checkSession).toBe(0)
  })

  it.each([
    ['a string', 'not json at all'],
    ['a number', 42],
    ['an array', [1, 2]],
    ['an old format', { token: 't', expiresAt: 1, user: {} }],
    ['a token without a user', { v: 1, token: 'tok', expiresAt: 1 }],
    ['a user of the wrong shape', { v: 1, token: 'tok', expiresAt: 1, user: { id: 5 } }],
    ['a negative expiry', { v: 1, token: 'tok', expiresAt: -1, user: { id: 'u', openid: 'o', nickname: '', avatarUrl: '', createdAt: 1 } }],
  ])('treats %s in storage as logged out and removes it', async (_label, content) => {
    const { platform } = createWorld()
    platform.storage.setRaw(STORAGE_KEY, content)
    const auth = authFor(platform)
    await auth.session.ready()
    expect(auth.session.state.status).toBe('anonymous')
    expect(platform.storage.getRaw(STORAGE_KEY)).toBe('')
  })

  it('re-logs in silently at launch when checkSession reports a stale session_key', async () => {
    const { platform, backend } = createWorld()
    const stored = await persistedSession(platform)
    platform.wechat.expireSessionKey()

    const auth = authFor(platform)
    await auth.session.ready()

    expect(backend.counts.logins).toBe(2)
    expect(auth.session.state.status).toBe('authenticated')
    expect((platform.storage.get(STORAGE_KEY) as { token: string }).token).not.toBe(stored.token)
  })

  it('keeps the restored session when the launch re-login fails, and ready() still resolves', async () => {
    const { platform, backend } = createWorld()
    const stored = await persistedSession(platform)
    platform.wechat.expireSessionKey()
    backend.failNextLogin({ status: 503, error: 'wechat_unavailable' })

    const { session, tokens } = sessionFor(platform)
    await session.ready()

    expect(session.state.status).toBe('authenticated')
    expect(session.state.error).toBeInstanceOf(LoginFailedError)
    expect(await tokens.getToken()).toBe(stored.token)
  })

  it('keeps the restored session when checkSession itself fails', async () => {
    const { platform, backend } = createWorld()
    await persistedSession(platform)
    platform.failNextCheckSession()
    const auth = authFor(platform)
    await auth.session.ready()
    expect(auth.session.state.status).toBe('authenticated')
    expect(backend.counts.logins).toBe(1)
  })
})

describe('login', () => {
  it('shares one wx.login and one backend call among 10 concurrent callers', async () => {
    const { platform, backend } = createWorld()
    const auth = authFor(platform)
    const users = await Promise.all(Array.from({ length: 10 }, () => auth.session.login()))
    expect(platform.calls.login).toBe(1)
    expect(backend.counts.loginAttempts).toBe(1)
    expect(new Set(users.map((u) => u.id)).size).toBe(1)
    expect(auth.session.state.status).toBe('authenticated')
  })

  it('rejects every concurrent waiter with the same LoginFailedError', async () => {
    const { platform, backend } = createWorld()
    backend.failNextLogin({ status: 429, error: 'rate_limited', retryAfterSec: 30 })
    const auth = authFor(platform)
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => auth.session.login()))
    const reasons = results.map((r) => (r.status === 'rejected' ? (r.reason as unknown) : null))
    expect(new Set(reasons).size).toBe(1)
    const error = reasons[0]
    expect(error).toBeInstanceOf(LoginFailedError)
    expect(error).toMatchObject({ code: 'login_failed', reason: 'rate_limited', status: 429, retryAfterSec: 30 })
    expect(auth.session.state).toMatchObject({ status: 'anonymous', error })
    expect(backend.counts.loginAttempts).toBe(1)
  })

  it('gets one fresh code and tries once more after 401 invalid_code', async () => {
    const { platform, backend } = createWorld()
    backend.failNextLogin({ status: 401, error: 'invalid_code' })
    const auth = authFor(platform)
    await auth.session.login()
    expect(platform.calls.login).toBe(2)
    expect(backend.counts.logins).toBe(1)
  })

  it('gives up after the second invalid_code instead of looping', async () => {
    const { platform, backend } = createWorld()
    backend.failNextLogin({ status: 401, error: 'invalid_code' }, { status: 401, error: 'invalid_code' }, { status: 401, error: 'invalid_code' })
    const auth = authFor(platform)
    await expect(auth.session.login()).rejects.toMatchObject({ reason: 'invalid_code', status: 401 })
    expect(platform.calls.login).toBe(2)
    expect(backend.counts.loginAttempts).toBe(2)
  })

  it.each([
    ['failed', 'wx_login_failed'],
    ['unsupported', 'unsupported_platform'],
    ['denied', 'privacy_denied'],
    ['network', 'network'],
    ['timeout', 'timeout'],
  ] as const)('reports a wx.login failure of kind %s as reason %s without calling the backend', async (kind, reason) => {
    const { platform, backend } = createWorld()
    platform.failNextLogin(kind, `login:fail ${kind}`)
    const auth = authFor(platform)
    await expect(auth.session.login()).rejects.toMatchObject({ code: 'login_failed', reason })
    expect(backend.counts.loginAttempts).toBe(0)
  })

  it('rejects a login response of the wrong shape with reason invalid_response and stays anonymous', async () => {
    const { platform } = createWorld()
    platform.handler = () => ({ status: 200, headers: {}, data: '<html>gateway</html>' })
    const auth = authFor(platform)
    await expect(auth.session.login()).rejects.toMatchObject({ reason: 'invalid_response' })
    expect(auth.session.state.status).toBe('anonymous')
    expect(platform.storage.keys()).toEqual([])
  })

  it.each([
    ['an unknown code', 502, { error: 'bad_gateway' }, 'bad_gateway'],
    ['no code at all', 502, '<html>bad gateway</html>', undefined],
    ['a code that names a client-side reason', 500, { error: 'timeout' }, 'timeout'],
  ] as const)('reports a login answer with %s as reason backend_error, keeping the status and the code', async (_what, status, data, code) => {
    const { platform } = createWorld()
    platform.handler = () => ({ status, headers: {}, data })
    const auth = authFor(platform)
    const failure = await auth.session.login().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(LoginFailedError)
    expect(failure).toMatchObject({ reason: 'backend_error', status })
    expect((failure as LoginFailedError).backendCode).toBe(code)
    expect((failure as LoginFailedError).message).toBe(`[wx-login-state] POST /api/auth/login failed: HTTP ${status}${code === undefined ? '' : ` (${code})`}`)
  })

  it('names a timed-out login call once with the library prefix, and keeps the transport error as the cause', async () => {
    const { platform } = createWorld()
    platform.failNextRequest('timeout', 'request:fail timeout')
    const auth = authFor(platform)
    const failure = (await auth.session.login().catch((error: unknown) => error)) as LoginFailedError
    expect(failure).toMatchObject({ code: 'login_failed', reason: 'timeout' })
    expect(failure.message).toBe('[wx-login-state] POST http://127.0.0.1:3000/api/auth/login failed: request:fail timeout')
    expect(failure.cause).toBeInstanceOf(TimeoutError)
  })

  it('reports a dropped network during login as reason network, and the next call starts cleanly', async () => {
    const { platform } = createWorld()
    platform.failNextRequest('network', 'request:fail')
    const auth = authFor(platform)
    await expect(auth.session.login()).rejects.toMatchObject({ reason: 'network' })
    await expect(auth.session.login()).resolves.toMatchObject({ openid: platform.wechat.openid })
  })

  it('gives up on a wx.login that never answers after timeoutMs, with reason timeout', async () => {
    vi.useFakeTimers()
    try {
      const { platform, backend } = createWorld()
      platform.hangNextLogin()
      const auth = authFor(platform, { timeoutMs: 3_000 })
      const pending = auth.session.login()
      const outcome = pending.catch((e: unknown) => e)
      await vi.advanceTimersByTimeAsync(3_000)
      expect(await outcome).toMatchObject({ code: 'login_failed', reason: 'timeout' })
      expect(auth.session.state.status).toBe('anonymous')
      expect(backend.counts.loginAttempts).toBe(0)
      await expect(auth.session.login()).resolves.toMatchObject({ openid: platform.wechat.openid })
    } finally {
      vi.useRealTimers()
    }
  })

  it('keeps the session when storage is full and warns once per write', async () => {
    const { platform } = createWorld()
    platform.storage.full = true
    const auth = authFor(platform)
    const warnings: SessionEvent[] = []
    auth.session.subscribe((e) => e.type === 'warning' && warnings.push(e))
    await auth.session.login()
    expect(auth.session.state.status).toBe('authenticated')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatchObject({ type: 'warning', error: expect.any(StorageError) })
    expect(await auth.http.request({ url: '/api/me' })).toMatchObject({ user: { openid: platform.wechat.openid } })
  })
})

describe('logout', () => {
  it('tells the server, clears storage and is idempotent', async () => {
    const { platform, backend } = createWorld()
    const auth = authFor(platform)
    await auth.session.login()
    await auth.session.logout()
    await auth.session.logout()
    expect(auth.session.state).toMatchObject({ status: 'anonymous', user: null, expiresAt: null })
    expect(platform.storage.keys()).toEqual([])
    expect(backend.counts.logouts).toBe(1)
    expect(backend.activeTokens()).toEqual([])
  })

  it('clears locally even when the server is unreachable', async () => {
    const { platform } = createWorld()
    const auth = authFor(platform)
    await auth.session.login()
    platform.failNextRequest('network')
    await expect(auth.session.logout()).resolves.toBeUndefined()
    expect(auth.session.state.status).toBe('anonymous')
  })

  it('cancels an in-flight login: its waiters get CancelledError and the orphan token is revoked', async () => {
    const { platform, backend } = createWorld()
    const auth = authFor(platform)
    const hold = backend.holdLogins()
    const waiters = [auth.session.login(), auth.session.login()]
    await Promise.resolve()
    await auth.session.logout()
    hold.release()
    for (const w of waiters) await expect(w).rejects.toBeInstanceOf(CancelledError)
    await Promise.resolve()
    expect(auth.session.state.status).toBe('anonymous')
    expect(platform.storage.keys()).toEqual([])
    expect(backend.counts.logins).toBe(1)
    expect(backend.activeTokens()).toEqual([])
  })

  it('never logs in silently after logout, even with autoLogin always', async () => {
    const { platform, backend } = createWorld()
    const auth = authFor(platform, { autoLogin: 'always' })
    await auth.http.request({ url: '/api/me' })
    await auth.session.logout()
    await expect(auth.http.request({ url: '/api/me' })).rejects.toBeInstanceOf(LoginRequiredError)
    expect(backend.counts.logins).toBe(1)
  })
})

describe('tokens and expiry', () => {
  it('refuses a protected request with LoginRequiredError when anonymous in repair mode', async () => {
    const { platform, backend } = createWorld()
    const { tokens } = sessionFor(platform)
    await expect(tokens.getToken()).rejects.toBeInstanceOf(LoginRequiredError)
    expect(backend.counts.loginAttempts).toBe(0)
  })

  it('logs in for a protected request when anonymous with autoLogin always', async () => {
    const { platform, backend } = createWorld()
    const { tokens } = sessionFor(platform, { autoLogin: 'always' })
    const token = await tokens.getToken()
    expect(backend.activeTokens()).toEqual([token])
  })

  it('re-logs in before a request once expiresAt minus the leeway has passed', async () => {
    const { platform, backend } = createWorld()
    const { session, tokens } = sessionFor(platform, { expiryLeewayMs: 60_000 })
    await session.login()
    const first = await tokens.getToken()
    platform.clock.advance(2 * 3_600_000 - 60_000)
    const answers = await Promise.all(Array.from({ length: 20 }, () => tokens.getToken()))
    expect(new Set(answers).size).toBe(1)
    expect(answers[0]).not.toBe(first)
    expect(backend.counts.logins).toBe(2)
  })

  it('returns the already-replaced token from handleExpired without another login', async () => {
    const { platform, backend } = createWorld()
    const { session, tokens } = sessionFor(platform)
    await session.login()
    const stale = await tokens.getToken()
    const fresh = await tokens.handleExpired(stale)
    expect(fresh).not.toBe(stale)
    expect(await tokens.handleExpired(stale)).toBe(fresh)
    expect(backend.counts.logins).toBe(2)
  })

  it('drops the session when the re-login after an expiry fails', async () => {
    const { platform, backend } = createWorld()
    const { session, tokens } = sessionFor(platform)
    await session.login()
    const stale = await tokens.getToken()
    backend.failNextLogin({ status: 403, error: 'login_blocked' })
    await expect(tokens.handleExpired(stale)).rejects.toMatchObject({ reason: 'login_blocked' })
    expect(session.state).toMatchObject({ status: 'anonymous', user: null })
    expect(platform.storage.keys()).toEqual([])
  })
})

describe('user and events', () => {
  it('emits a new frozen snapshot for every change, in order', async () => {
    const { platform } = createWorld()
    const auth = authFor(platform)
    const seen: string[] = []
    const snapshots = new Set<unknown>()
    auth.session.subscribe((e) => {
      if (e.type !== 'change') return
      expect(Object.isFrozen(e.state)).toBe(true)
      snapshots.add(e.state)
      seen.push(e.state.status)
    })
    await auth.session.ready()
    await auth.session.login()
    await auth.session.logout()
    // Nothing was stored, so the state was already 'anonymous' when createAuth returned.
    expect(seen).toEqual(['logging-in', 'authenticated', 'anonymous'])
    expect(snapshots.size).toBe(3)
  })

  it('stops notifying after unsubscribe, and survives a throwing listener', async () => {
    const { platform } = createWorld()
    const auth = authFor(platform)
    let calls = 0
    const off = auth.session.subscribe(() => calls++)
    const errors: unknown[] = []
    const onUnhandled = (e: unknown) => errors.push(e)
    process.on('unhandledRejection', onUnhandled)
    auth.session.subscribe(() => {
      throw new Error('listener bug')
    })
    await auth.session.login()
    const afterLogin = calls
    off()
    await auth.session.logout()
    await new Promise((r) => setTimeout(r, 0))
    process.off('unhandledRejection', onUnhandled)
    expect(afterLogin).toBe(2)
    expect(calls).toBe(2)
    expect(auth.session.state.status).toBe('anonymous')
    expect(errors).toHaveLength(3)
  })

  it('persists setUser with the token, and refuses it without a session', async () => {
    const { platform } = createWorld()
    const auth = authFor(platform)
    expect(() => auth.session.setUser({ id: 'u', openid: 'o', nickname: '', avatarUrl: '', createdAt: 0 })).toThrow(LoginRequiredError)
    const user = await auth.session.login()
    auth.session.setUser({ ...user, nickname: '小明' })
    expect(auth.session.state.user?.nickname).toBe('小明')
    expect(platform.storage.get(STORAGE_KEY)).toMatchObject({ user: { nickname: '小明' } })
    expect(isAuthError(new LoginRequiredError('x'))).toBe(true)
    expect(callsTo(platform, '/api/auth/login')).toBe(1)
  })
})

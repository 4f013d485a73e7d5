import type { TransportResponse } from '../platform/types'
import type { User } from '../session/types'
import type { FakePlatform, FakeTransportCall } from './fakePlatform'

/** A login failure the fake backend answers with once, instead of exchanging the code. */
export interface FakeLoginFailure {
  status: number
  error: string
  retryAfterSec?: number
}

/**
 * An in-memory backend that follows `docs/api.md`, for tests that need a realistic server behind the
 * fake platform: it exchanges codes with the fake WeChat, issues opaque tokens with an absolute
 * expiry on the fake clock, and answers 401 `session_expired` for unknown or expired tokens.
 */
export interface FakeBackend {
  /** The transport handler; install it with `platform.handler = backend.handle`. */
  handle(call: FakeTransportCall): Promise<TransportResponse>
  /** Counts successful logins (tokens issued) and every login attempt. */
  readonly counts: { logins: number; loginAttempts: number; logouts: number; authorized: number; expired: number }
  /** The tokens currently valid. */
  activeTokens(): string[]
  /** Forgets every session, as a restart with the memory store does. */
  forgetAllSessions(): void
  /** Answers the next login attempts with these failures, in order. */
  failNextLogin(...failures: FakeLoginFailure[]): void
  /** Makes the next login attempts hang until `release()` is called. */
  holdLogins(): { release(): void }
  readonly users: ReadonlyMap<string, User>
}

/** Creates a {@link FakeBackend} over `platform`'s WeChat and clock; `sessionMaxAgeMs` defaults to 2 hours. */
export function createFakeBackend(platform: FakePlatform, options: { sessionMaxAgeMs?: number } = {}): FakeBackend {
  const maxAge = options.sessionMaxAgeMs ?? 2 * 3_600_000
  const sessions = new Map<string, { userId: string; expiresAt: number }>()
  const users = new Map<string, User>()
  const loginFailures: FakeLoginFailure[] = []
  const counts = { logins: 0, loginAttempts: 0, logouts: 0, authorized: 0, expired: 0 }
  let held: Promise<void> | null = null
  let seq = 0

  const json = (status: number, data: unknown, headers: Record<string, string> = {}): TransportResponse => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    data,
  })
  const fail = (status: number, error: string, headers?: Record<string, string>) =>
    json(status, { error, message: error.replace(/_/g, ' ') }, headers)

  function authorize(call: FakeTransportCall): User | null {
    const match = /^Bearer (\S+)$/.exec(call.headers['Authorization'] ?? call.headers['authorization'] ?? '')
    const session = match?.[1] === undefined ? undefined : sessions.get(match[1])
    if (!session || session.expiresAt <= platform.now()) {
      counts.expired++
      return null
    }
    counts.authorized++
    return users.get(session.userId) ?? null
  }

  async function login(body: unknown): Promise<TransportResponse> {
    counts.loginAttempts++
    if (held) await held
    const injected = loginFailures.shift()
    if (injected) {
      const headers: Record<string, string> = injected.retryAfterSec === undefined ? {} : { 'retry-after': String(injected.retryAfterSec) }
      return fail(injected.status, injected.error, headers)
    }
    const code = (body as { code?: unknown } | null)?.code
    if (typeof code !== 'string' || code.length === 0 || code.length > 128) return fail(400, 'invalid_request')
    const result = platform.wechat.exchangeCode(code)
    if (!result.ok) return fail(401, 'invalid_code')
    let user = [...users.values()].find((u) => u.openid === result.openid)
    if (!user) {
      user = { id: `u_${users.size + 1}`, openid: result.openid, nickname: '', avatarUrl: '', createdAt: platform.now() }
      if (result.unionid !== undefined) user.unionid = result.unionid
      users.set(user.id, user)
    }
    const token = `tok_${++seq}_${'x'.repeat(36)}`
    const expiresAt = platform.now() + maxAge
    sessions.set(token, { userId: user.id, expiresAt })
    counts.logins++
    return json(200, { token, expiresAt, user })
  }

  function update(user: User, patch: Partial<User>): TransportResponse {
    const next = { ...user, ...patch }
    users.set(user.id, next)
    return json(200, { user: next })
  }

  async function handle(call: FakeTransportCall): Promise<TransportResponse> {
    // NOTE: no `URL`: the test doubles also run in mini-program test runners, which may lack it.
    const pathname = pathOf(call.url)
    const method = call.kind === 'upload' ? 'POST' : call.method
    const body = call.kind === 'request' ? call.data : undefined
    if (method === 'POST' && pathname === '/api/auth/login') return login(body)
    if (method === 'POST' && pathname === '/api/auth/logout') {
      const token = /^Bearer (\S+)$/.exec(call.headers['Authorization'] ?? '')?.[1]
      if (token !== undefined) sessions.delete(token)
      counts.logouts++
      return { status: 204, headers: {}, data: '' }
    }
    if (!pathname.startsWith('/api/me')) return fail(404, 'not_found')
    const user = authorize(call)
    if (!user) return fail(401, 'session_expired')
    if (pathname === '/api/me' && method === 'GET') return json(200, { user })
    if (pathname === '/api/me' && method === 'PUT') {
      const nickname = (body as { nickname?: unknown } | null)?.nickname
      if (typeof nickname !== 'string') return fail(400, 'invalid_request')
      const trimmed = nickname.trim()
      if (trimmed.length < 1 || trimmed.length > 32) return fail(400, 'invalid_nickname')
      return update(user, { nickname: trimmed })
    }
    if (pathname === '/api/me/avatar' && call.kind === 'upload') {
      if (call.name !== 'file') return fail(400, 'invalid_upload')
      return update(user, { avatarUrl: `http://fake.invalid/uploads/${++seq}.png` })
    }
    if (pathname === '/api/me/phone' && method === 'POST') {
      const code = (body as { code?: unknown } | null)?.code
      if (typeof code !== 'string' || !code.startsWith('phone_')) return fail(400, 'invalid_phone_code')
      return update(user, { phoneNumber: '13800138000', countryCode: '86' })
    }
    return fail(404, 'not_found')
  }

  return {
    handle,
    counts,
    users,
    activeTokens: () => [...sessions].filter(([, s]) => s.expiresAt > platform.now()).map(([t]) => t),
    forgetAllSessions: () => sessions.clear(),
    failNextLogin: (...failures) => {
      loginFailures.push(...failures)
    },
    holdLogins() {
      let release: () => void = () => {}
      held = new Promise<void>((resolve) => {
        release = () => {
          held = null
          resolve()
        }
      })
      return { release }
    },
  }
}

/** The path of an absolute or relative URL, without query and fragment. */
function pathOf(url: string): string {
  return url.replace(/^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i, '').replace(/[?#].*$/, '') || '/'
}

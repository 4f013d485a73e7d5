import { describe, expect, it } from 'vitest'
import { CancelledError, HttpError, InvalidResponseError, LoginRequiredError, NetworkError, TimeoutError } from '../../src/errors'
import { createCancelSource } from '../../src/transport/cancel'
import type { ErrorContext } from '../../src/transport/hooks'
import type { FakePlatform } from '../../src/testing/fakePlatform'
import type { StoredSession } from '../../src/session/types'
import { BASE_URL, STORAGE_KEY, authFor, callsTo, createWorld } from '../harness'

/** The token the session persisted, as the request client must send it. */
function storedToken(platform: FakePlatform): string {
  return (platform.storage.get(STORAGE_KEY) as StoredSession).token
}

async function loggedIn(options: Parameters<typeof authFor>[1] = {}) {
  const world = createWorld()
  const auth = authFor(world.platform, options)
  await auth.session.login()
  return { ...world, auth }
}

describe('requests', () => {
  it('joins the base URL, encodes the query and sends the bearer token', async () => {
    const { platform, auth } = await loggedIn()
    const token = storedToken(platform)
    await auth.http.request({ url: '/api/me', query: { q: 'a b&c', n: 1, skip: undefined } })
    const call = platform.transportLog.at(-1)
    expect(call?.url).toBe(`${BASE_URL}/api/me?q=a%20b%26c&n=1`)
    expect(call?.headers['Authorization']).toBe(`Bearer ${token}`)
  })

  it('sends no token and needs no session for auth:false', async () => {
    const { platform, backend } = createWorld()
    platform.handler = () => ({ status: 200, headers: {}, data: { ok: true } })
    const auth = authFor(platform)
    await expect(auth.http.request({ url: '/public', auth: false })).resolves.toEqual({ ok: true })
    expect(platform.transportLog[0]?.headers['Authorization']).toBeUndefined()
    expect(backend.counts.loginAttempts).toBe(0)
  })

  it('sends JSON bodies with a JSON content type, and strings as they are', async () => {
    const { platform, auth } = await loggedIn()
    await auth.http.request({ url: '/api/me', method: 'PUT', data: { nickname: '小明' } })
    expect(platform.transportLog.at(-1)).toMatchObject({ method: 'PUT', data: { nickname: '小明' }, headers: { 'Content-Type': 'application/json' } })
    await auth.http.request({ url: '/api/me', method: 'PUT', data: 'raw', auth: false }).catch(() => {})
    expect(platform.transportLog.at(-1)?.headers['Content-Type']).toBeUndefined()
  })

  it('rejects a non-2xx answer with an HttpError naming the call', async () => {
    const { auth } = await loggedIn()
    const error = await auth.http.request({ url: '/api/nowhere?secret=1' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HttpError)
    expect(error).toMatchObject({ status: 404, method: 'GET', url: `${BASE_URL}/api/nowhere`, body: { error: 'not_found' } })
    expect((error as Error).message).toBe(`[wx-login-state] GET ${BASE_URL}/api/nowhere failed: HTTP 404 (not_found)`)
  })

  it('rejects a body that fails validate with InvalidResponseError', async () => {
    const { auth } = await loggedIn()
    const validate = (data: unknown) => {
      if (typeof data !== 'object' || data === null || !('items' in data)) throw new Error('no items')
      return data
    }
    await expect(auth.http.request({ url: '/api/me', validate })).rejects.toBeInstanceOf(InvalidResponseError)
  })

  it.each([
    [{ url: '' }, /url must be a non-empty string/],
    [{ url: '/x', method: 'PATCH' }, /unsupported method PATCH/],
    [{ url: '/x', timeoutMs: -1 }, /timeoutMs must be a positive number/],
  ])('rejects bad options %j with a TypeError before sending', async (opts, message) => {
    const { platform, auth } = await loggedIn()
    const before = platform.calls.request
    // Cast: these are the mistakes plain-JS callers make.
    await expect(auth.http.request(opts as never)).rejects.toThrow(message)
    expect(platform.calls.request).toBe(before)
  })
})

describe('transport failures', () => {
  it('maps a dropped connection to NetworkError', async () => {
    const { platform, auth } = await loggedIn()
    platform.failNextRequest('network', 'request:fail connect ECONNREFUSED')
    await expect(auth.http.request({ url: '/api/me' })).rejects.toBeInstanceOf(NetworkError)
  })

  it('maps a request that outlives its timeout to TimeoutError', async () => {
    const { platform, auth } = await loggedIn()
    platform.handler = () => new Promise(() => {})
    const pending = auth.http.request({ url: '/api/me', timeoutMs: 5_000 })
    await new Promise((r) => setTimeout(r, 0))
    platform.clock.advance(5_000)
    await expect(pending).rejects.toBeInstanceOf(TimeoutError)
  })

  it('rejects with CancelledError and aborts the transport call when cancelled mid-flight', async () => {
    const { platform, auth } = await loggedIn()
    platform.handler = () => new Promise(() => {})
    const source = createCancelSource()
    const pending = auth.http.request({ url: '/api/me', cancel: source.signal })
    await new Promise((r) => setTimeout(r, 0))
    source.cancel()
    await expect(pending).rejects.toBeInstanceOf(CancelledError)
    expect(platform.clock.pendingTimers).toBe(0)
  })

  it('sends nothing for a request cancelled before it started', async () => {
    const { platform, auth } = await loggedIn()
    const source = createCancelSource()
    source.cancel()
    const before = platform.calls.request
    await expect(auth.http.request({ url: '/api/me', cancel: source.signal })).rejects.toBeInstanceOf(CancelledError)
    expect(platform.calls.request).toBe(before)
  })
})

describe('session expiry', () => {
  it('re-logs in once for 50 concurrent expired requests, and each retries once', async () => {
    const { platform, backend, auth } = await loggedIn()
    backend.forgetAllSessions()
    const results = await Promise.all(Array.from({ length: 50 }, () => auth.http.request({ url: '/api/me' })))
    expect(results).toHaveLength(50)
    expect(backend.counts.logins).toBe(2)
    expect(platform.calls.login).toBe(2)
    expect(callsTo(platform, '/api/me')).toBe(100)
  })

  it('re-logs in before sending when the token is known to be expired, wasting no 401', async () => {
    const { platform, backend, auth } = await loggedIn()
    platform.clock.advance(2 * 3_600_000)
    await Promise.all(Array.from({ length: 20 }, () => auth.http.request({ url: '/api/me' })))
    expect(backend.counts.logins).toBe(2)
    expect(backend.counts.expired).toBe(0)
    expect(callsTo(platform, '/api/me')).toBe(20)
  })

  it('turns a second expiry on the retry into LoginRequiredError instead of looping', async () => {
    const { platform, backend, auth } = await loggedIn()
    const login = backend.handle
    platform.handler = (call) => (call.url.endsWith('/api/me') ? { status: 401, headers: {}, data: { error: 'session_expired' } } : login(call))
    await expect(auth.http.request({ url: '/api/me' })).rejects.toBeInstanceOf(LoginRequiredError)
    expect(callsTo(platform, '/api/me')).toBe(2)
    expect(backend.counts.logins).toBe(2)
  })

  it('detects expiry through a custom predicate for business-code backends', async () => {
    const world = createWorld()
    const { platform, backend } = world
    const tokensSeen: string[] = []
    platform.handler = async (call) => {
      if (!call.url.endsWith('/api/orders')) return backend.handle(call)
      const auth = call.headers['Authorization'] ?? ''
      tokensSeen.push(auth)
      const valid = backend.activeTokens().some((t) => auth === `Bearer ${t}`)
      return { status: 200, headers: {}, data: valid ? { code: 0, orders: [] } : { code: 401, msg: 'token expired' } }
    }
    const auth = authFor(platform, {
      isSessionExpired: ({ data }) => typeof data === 'object' && data !== null && (data as { code?: unknown }).code === 401,
    })
    await auth.session.login()
    backend.forgetAllSessions()
    await expect(auth.http.request({ url: '/api/orders' })).resolves.toEqual({ code: 0, orders: [] })
    expect(tokensSeen).toHaveLength(2)
    expect(backend.counts.logins).toBe(2)
  })

  it('does not treat a 401 from the login endpoint as a session expiry', async () => {
    const { platform, backend } = createWorld()
    backend.failNextLogin({ status: 401, error: 'invalid_code' }, { status: 401, error: 'invalid_code' })
    const auth = authFor(platform, { autoLogin: 'always' })
    await expect(auth.http.request({ url: '/api/me' })).rejects.toMatchObject({ code: 'login_failed', reason: 'invalid_code' })
    expect(backend.counts.loginAttempts).toBe(2)
    expect(callsTo(platform, '/api/me')).toBe(0)
  })

  it('does not re-log in on a 401 of an auth:false request', async () => {
    const { platform, backend, auth } = await loggedIn()
    platform.handler = (call) => (call.url.endsWith('/open') ? { status: 401, headers: {}, data: {} } : backend.handle(call))
    await expect(auth.http.request({ url: '/open', auth: false })).rejects.toMatchObject({ status: 401 })
    expect(backend.counts.logins).toBe(1)
  })
})

describe('hooks', () => {
  it('runs beforeRequest, afterResponse and onError in order with the retry count', async () => {
    const log: string[] = []
    const errors: ErrorContext[] = []
    const { platform, backend, auth } = await loggedIn({
      hooks: {
        beforeRequest: [
          ({ request, retryCount }) => {
            request.headers['X-App-Version'] = '1.2.0'
            log.push(`before ${new URL(request.url).pathname} #${retryCount}`)
          },
        ],
        afterResponse: [async ({ request, response }) => void log.push(`after ${new URL(request.url).pathname} ${response.status}`)],
        onError: [(ctx) => void errors.push(ctx)],
      },
    })
    log.length = 0
    backend.forgetAllSessions()
    await auth.http.request({ url: '/api/me' })
    expect(log).toEqual([
      'before /api/me #0',
      'after /api/me 401',
      'before /api/auth/login #0',
      'after /api/auth/login 200',
      'before /api/me #1',
      'after /api/me 200',
    ])
    expect(platform.transportLog.at(-1)?.headers['X-App-Version']).toBe('1.2.0')
    await auth.http.request({ url: '/missing' }).catch(() => {})
    expect(errors).toHaveLength(1)
    expect(errors[0]?.error).toBeInstanceOf(HttpError)
    expect(errors[0]?.retryCount).toBe(0)
  })

  it('reports a failed repair to onError once per waiting request, not for the login call itself', async () => {
    const errors: ErrorContext[] = []
    const { backend, auth } = await loggedIn({ hooks: { onError: [(ctx) => void errors.push(ctx)] } })
    backend.forgetAllSessions()
    backend.failNextLogin({ status: 503, error: 'wechat_unavailable' })
    const results = await Promise.allSettled([auth.http.request({ url: '/api/me' }), auth.http.request({ url: '/api/me' })])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(errors.map((e) => [new URL(e.request.url).pathname, e.error.code])).toEqual([
      ['/api/me', 'login_failed'],
      ['/api/me', 'login_failed'],
    ])
  })
})

describe('upload', () => {
  it('uploads the file under field "file" with the token', async () => {
    const { platform, auth } = await loggedIn()
    const token = storedToken(platform)
    const body = await auth.http.upload({ url: '/api/me/avatar', filePath: 'wxfile://tmp_1.png' })
    expect(body).toMatchObject({ user: { avatarUrl: expect.stringMatching(/\.png$/) } })
    expect(platform.transportLog.at(-1)).toMatchObject({ kind: 'upload', name: 'file', filePath: 'wxfile://tmp_1.png', headers: { Authorization: `Bearer ${token}` } })
  })

  it('rejects an empty file path with a TypeError before sending', async () => {
    const { platform, auth } = await loggedIn()
    await expect(auth.http.upload({ url: '/api/me/avatar', filePath: '' })).rejects.toThrow(TypeError)
    expect(platform.calls.upload).toBe(0)
  })
})

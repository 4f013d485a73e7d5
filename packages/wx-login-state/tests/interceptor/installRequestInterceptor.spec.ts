import { describe, expect, it } from 'vitest'
import { LoginRequiredError, UnsupportedPlatformError } from '../../src/errors'
import { installRequestInterceptor } from '../../src/interceptor/installRequestInterceptor'
import { createFakePlatform } from '../../src/testing/fakePlatform'
import { createAuth } from '../../src/createAuth'
import { callsTo } from '../harness'
import { BASE_URL, authorizationOf, callWithCallbacks, interceptedWorld } from './world'

const ME = `${BASE_URL}/api/me`

describe('installRequestInterceptor: which calls carry the token', () => {
  it('adds the bearer token to backend calls and nothing to a third-party host', async () => {
    const { fake, uni, auth } = await interceptedWorld()
    await auth.session.ready()
    installRequestInterceptor(auth)
    const mine = await callWithCallbacks(uni, { url: ME })
    await callWithCallbacks(uni, { url: 'http://127.0.0.2:4000/api/me' })
    await callWithCallbacks(uni, { url: `${BASE_URL}0/api/me` })
    expect(mine.success).toHaveLength(1)
    const [backend, thirdParty, lookalike] = fake.transportLog.slice(-3)
    expect(authorizationOf(backend!)).toMatch(/^Bearer tok_/)
    expect(authorizationOf(thirdParty!)).toBeUndefined()
    expect(authorizationOf(lookalike!)).toBeUndefined()
  })

  it('follows options.match instead of the base URL when given', async () => {
    const { fake, uni, auth } = await interceptedWorld()
    await auth.session.ready()
    installRequestInterceptor(auth, { match: (url) => url.startsWith('http://127.0.0.2:4000/') })
    await callWithCallbacks(uni, { url: 'http://127.0.0.2:4000/api/me' })
    await callWithCallbacks(uni, { url: ME })
    const [widened, narrowed] = fake.transportLog.slice(-2)
    expect(authorizationOf(widened!)).toMatch(/^Bearer /)
    expect(authorizationOf(narrowed!)).toBeUndefined()
  })

  it('sends an auth: false call untouched and strips the field before the runtime sees it', async () => {
    const { fake, uni, auth } = await interceptedWorld()
    await auth.session.ready()
    installRequestInterceptor(auth)
    const seen: Array<Record<string, unknown>> = []
    uni.addInterceptor('request', { invoke: (args: Record<string, unknown>) => void seen.push({ ...args }) })
    const outcome = await callWithCallbacks(uni, { url: ME, auth: false })
    expect(authorizationOf(fake.transportLog.at(-1)!)).toBeUndefined()
    expect(seen[0]).not.toHaveProperty('auth')
    // The backend's own answer reaches the app: no re-login for a call the app marked public.
    expect((outcome.success[0] as { statusCode: number }).statusCode).toBe(401)
    expect(fake.calls.login).toBe(1)
  })

  it('keeps the library’s own calls outside the interceptor, so a login while installed carries no token and does not wait on itself', async () => {
    const { fake, auth } = await interceptedWorld({ session: false })
    installRequestInterceptor(auth)
    await auth.session.login()
    expect(await auth.http.request({ url: '/api/me' })).toHaveProperty('user')
    const login = fake.transportLog.find((c) => c.url.endsWith('/api/auth/login'))!
    expect(authorizationOf(login)).toBeUndefined()
    expect(callsTo(fake, '/api/me')).toBe(1)
  })
})

describe('installRequestInterceptor: waiting for the session', () => {
  it('holds a call made during the launch restore and sends it with the restored token, without a login', async () => {
    const { fake, uni, platform, backend } = await interceptedWorld()
    // A fresh launch on the same device: its restore is still running when the first page asks.
    const auth = createAuth({ platform, baseURL: BASE_URL })
    installRequestInterceptor(auth)
    expect(auth.session.state.status).toBe('restoring')
    const outcome = await callWithCallbacks(uni, { url: ME })
    expect(outcome.success).toHaveLength(1)
    expect(authorizationOf(fake.transportLog.at(-1)!)).toMatch(/^Bearer tok_1_/)
    expect(backend.counts.logins).toBe(1)
    // Callback style still gets a task from a held call.
    expect(typeof (outcome.returned as { abort?: unknown }).abort).toBe('function')
  })

  it('logs in first when there is no session and silent login is allowed', async () => {
    const { fake, uni, auth, backend } = await interceptedWorld({ session: false, autoLogin: 'always' })
    installRequestInterceptor(auth)
    const results = await Promise.all(Array.from({ length: 5 }, () => callWithCallbacks(uni, { url: ME })))
    expect(results.every((r) => r.success.length === 1)).toBe(true)
    expect(backend.counts.logins).toBe(1)
    expect(callsTo(fake, '/api/me')).toBe(5)
  })

  it('fails with the typed LoginRequiredError and sends nothing when there is no session and silent login is off', async () => {
    const { fake, uni, auth } = await interceptedWorld({ session: false })
    installRequestInterceptor(auth)
    const outcome = await callWithCallbacks(uni, { url: ME })
    expect(outcome.success).toHaveLength(0)
    const failure = outcome.fail[0] as { errMsg: string; error: unknown }
    expect(failure.errMsg).toMatch(/^request:fail /)
    expect(failure.error).toBeInstanceOf(LoginRequiredError)
    expect(callsTo(fake, '/api/me')).toBe(0)
  })

  it('aborting a held call fails it with request:fail abort and never sends it', async () => {
    const { fake, uni, platform } = await interceptedWorld()
    const auth = createAuth({ platform, baseURL: BASE_URL })
    installRequestInterceptor(auth)
    const fail: unknown[] = []
    const complete: unknown[] = []
    const task = uni.request({ url: ME, fail: (res: unknown) => fail.push(res), complete: (res: unknown) => complete.push(res) }) as { abort(): void }
    task.abort()
    await auth.session.ready()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(fail).toEqual([{ errMsg: 'request:fail abort' }])
    expect(complete).toHaveLength(1)
    expect(callsTo(fake, '/api/me')).toBe(0)
  })
})

describe('installRequestInterceptor: session expiry', () => {
  it('re-logs in once for a burst of 20 calls on a session the server dropped, and sends each at most twice', async () => {
    const { fake, uni, auth, backend } = await interceptedWorld()
    await auth.session.ready()
    backend.forgetAllSessions()
    installRequestInterceptor(auth)
    const loginsBefore = backend.counts.logins
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => callWithCallbacks(uni, { url: `${ME}?n=${i}` })))
    expect(backend.counts.logins - loginsBefore).toBe(1)
    expect(results.map((r) => [r.success.length, r.fail.length, r.complete.length])).toEqual(Array.from({ length: 20 }, () => [1, 0, 1]))
    for (let i = 0; i < 20; i++) expect(fake.transportLog.filter((c) => c.url === `${ME}?n=${i}`)).toHaveLength(2)
    expect((results[0]!.success[0] as { statusCode: number; errMsg: string }).statusCode).toBe(200)
  })

  it('fails with LoginRequiredError when the retry expires too, after exactly two sends', async () => {
    const { fake, uni, auth } = await interceptedWorld()
    await auth.session.ready()
    const handler = fake.handler
    fake.handler = (call) => (call.url.includes('/api/me') ? { status: 401, headers: {}, data: { error: 'session_expired' } } : handler(call))
    installRequestInterceptor(auth)
    const outcome = await callWithCallbacks(uni, { url: ME })
    expect(outcome.success).toHaveLength(0)
    expect(outcome.complete).toHaveLength(1)
    expect((outcome.fail[0] as { error: unknown }).error).toBeInstanceOf(LoginRequiredError)
    expect(callsTo(fake, '/api/me')).toBe(2)
  })

  /** A device whose session the server dropped, with the re-login (or the retry of /api/me) held at a gate. */
  async function gatedExpiry(gate: 'login' | 'retry', held: boolean) {
    const world = await interceptedWorld()
    const auth = held ? createAuth({ platform: world.platform, baseURL: BASE_URL }) : world.auth
    if (!held) await auth.session.ready()
    world.backend.forgetAllSessions()
    let open: () => void = () => {}
    const opened = new Promise<void>((resolve) => (open = resolve))
    let reached: () => void = () => {}
    const atGate = new Promise<void>((resolve) => (reached = resolve))
    let meCalls = 0
    const handler = world.fake.handler
    world.fake.handler = async (call) => {
      const isMe = call.url.endsWith('/api/me') && ++meCalls === 2
      if ((gate === 'login' && call.url.endsWith('/api/auth/login')) || (gate === 'retry' && isMe)) {
        reached()
        await opened
      }
      return handler(call)
    }
    installRequestInterceptor(auth)
    return { ...world, auth, open, atGate }
  }

  it.each([
    ['sent at once', false],
    ['held for the launch restore', true],
  ])('fails a call %s with request:fail abort when its task is aborted during the re-login, and never sends the retry', async (_, held) => {
    const { fake, uni, open, atGate } = await gatedExpiry('login', held)
    const fail: unknown[] = []
    const complete: unknown[] = []
    const success: unknown[] = []
    const task = uni.request({ url: ME, success: (r: unknown) => success.push(r), fail: (r: unknown) => fail.push(r), complete: (r: unknown) => complete.push(r) }) as {
      abort(): void
    }
    await atGate
    task.abort()
    expect(fail).toEqual([{ errMsg: 'request:fail abort' }])
    open()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(success).toEqual([])
    expect(fail).toHaveLength(1)
    expect(complete).toHaveLength(1)
    expect(callsTo(fake, '/api/me')).toBe(1)
  })

  it('aborts the retry when the task the app holds is aborted while the retry is in flight', async () => {
    const { uni, open, atGate } = await gatedExpiry('retry', false)
    const outcome = new Promise<{ fail: unknown[]; success: unknown[] }>((resolve) => {
      const fail: unknown[] = []
      const success: unknown[] = []
      const task = uni.request({
        url: ME,
        success: (r: unknown) => success.push(r),
        fail: (r: unknown) => fail.push(r),
        complete: () => setTimeout(() => resolve({ fail, success }), 0),
      }) as { abort(): void }
      void atGate.then(() => task.abort())
    })
    const { fail, success } = await outcome
    open()
    expect(success).toEqual([])
    expect(fail).toEqual([{ errMsg: 'request:fail abort' }])
  })

  it('uses createAuth’s isSessionExpired, for backends that answer 200 with a code', async () => {
    const { fake, uni, auth, backend } = await interceptedWorld({ isSessionExpired: ({ data }) => (data as { code?: number }).code === 401 })
    await auth.session.ready()
    const handler = fake.handler
    let first = true
    fake.handler = (call) => {
      if (call.url.endsWith('/api/me') && first) {
        first = false
        return { status: 200, headers: {}, data: { code: 401 } }
      }
      return handler(call)
    }
    installRequestInterceptor(auth)
    const before = backend.counts.logins
    const outcome = await callWithCallbacks(uni, { url: ME })
    expect((outcome.success[0] as { data: unknown }).data).toHaveProperty('user')
    expect(backend.counts.logins - before).toBe(1)
  })

  it('retries an upload once after a re-login, with the token on both sends', async () => {
    const { fake, uni, auth, backend } = await interceptedWorld()
    await auth.session.ready()
    backend.forgetAllSessions()
    installRequestInterceptor(auth)
    const outcome = await callWithCallbacks(uni, { url: `${BASE_URL}/api/me/avatar`, filePath: 'blob:x', name: 'file' }, 'uploadFile')
    expect(outcome.success).toHaveLength(1)
    expect(typeof (outcome.success[0] as { data: unknown }).data).toBe('string')
    const uploads = fake.transportLog.filter((c) => c.kind === 'upload')
    expect(uploads).toHaveLength(2)
    expect(uploads.every((c) => /^Bearer /.test(authorizationOf(c) ?? ''))).toBe(true)
  })
})

describe('installRequestInterceptor: call styles', () => {
  it('resolves a promise-style call with WeChat’s success result', async () => {
    const { uni, auth } = await interceptedWorld()
    installRequestInterceptor(auth)
    const res = (await uni.request({ url: ME })) as { statusCode: number; errMsg: string; data: unknown }
    expect(res.statusCode).toBe(200)
    expect(res.errMsg).toBe('request:ok')
    expect(res.data).toHaveProperty('user')
  })

  it('rejects a promise-style call with { errMsg, error } when the library fails it', async () => {
    const { uni, auth } = await interceptedWorld({ session: false })
    installRequestInterceptor(auth)
    await expect(uni.request({ url: ME })).rejects.toMatchObject({ errMsg: expect.stringMatching(/^request:fail /), error: expect.any(LoginRequiredError) })
  })

  it('passes uni’s own network failure through untouched, once, with complete after it', async () => {
    const { fake, uni, auth } = await interceptedWorld()
    await auth.session.ready()
    installRequestInterceptor(auth)
    fake.failNextRequest('timeout', 'request:fail timeout')
    const outcome = await callWithCallbacks(uni, { url: ME })
    expect(outcome.fail).toEqual([{ errMsg: 'request:fail timeout' }])
    expect(outcome.success).toHaveLength(0)
    expect(outcome.complete).toHaveLength(1)
  })

  it('still calls complete when the app’s success callback throws', async () => {
    const { uni, auth } = await interceptedWorld()
    await auth.session.ready()
    installRequestInterceptor(auth)
    const completes: unknown[] = []
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => void unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    await new Promise<void>((resolve) => {
      uni.request({
        url: ME,
        success: () => {
          throw new Error('app bug')
        },
        complete: (res: unknown) => {
          completes.push(res)
          setTimeout(resolve, 0)
        },
      })
    })
    process.off('unhandledRejection', onUnhandled)
    expect(completes).toHaveLength(1)
    expect(unhandled).toEqual([new Error('app bug')])
  })
})

describe('installRequestInterceptor: install and uninstall', () => {
  it('uninstall restores plain calls and leaves the app’s own interceptors in place', async () => {
    const { fake, uni, auth } = await interceptedWorld()
    await auth.session.ready()
    const seen: string[] = []
    uni.addInterceptor('request', { invoke: (args: { url: string }) => void seen.push(args.url) })
    const uninstall = installRequestInterceptor(auth)
    await callWithCallbacks(uni, { url: ME })
    uninstall()
    uninstall()
    await callWithCallbacks(uni, { url: ME })
    expect(authorizationOf(fake.transportLog.at(-2)!)).toMatch(/^Bearer /)
    expect(authorizationOf(fake.transportLog.at(-1)!)).toBeUndefined()
    expect(seen).toEqual([ME, ME])
  })

  it('refuses a second install on the same runtime until the first is uninstalled', async () => {
    const { auth, platform } = await interceptedWorld()
    const uninstall = installRequestInterceptor(auth)
    const other = createAuth({ platform, baseURL: BASE_URL })
    expect(() => installRequestInterceptor(other)).toThrow(/already has this library's interceptor.*uninstall/)
    uninstall()
    expect(() => installRequestInterceptor(other)).not.toThrow()
  })

  it('rejects misuse with errors that name the fix', () => {
    const auth = createAuth({ platform: createFakePlatform(), baseURL: BASE_URL })
    expect(() => installRequestInterceptor(auth)).toThrow(UnsupportedPlatformError)
    expect(() => installRequestInterceptor({} as never)).toThrow(/needs the object createAuth\(\) returned/)
    expect(() => installRequestInterceptor(auth, { match: 'x' as never })).toThrow(/match must be a function/)
  })
})

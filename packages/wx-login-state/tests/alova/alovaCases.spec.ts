/**
 * The scenarios of alova's own `createServerTokenAuthentication` suite (alovajs/alova at commit 14b77c05,
 * packages/client/test/functions/createServerTokenAuthentication.spec.ts, alova 3.5.5), written against
 * `wx-login-state/alova` over the fake WeChat and backend: same method roles, same hooks, same order of calls.
 * Where alova's case asserts behaviour the library replaces on purpose (its refresh handler, `assignToken`,
 * `waitingList`), the case asserts the library's counterpart and docs/library.md ("Differences from alova's token
 * authentication") gives the reason. alova's "type check" case is docsSnippet.spec.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createAlova, Method } from 'alova'
import { useRequest } from 'alova/client'
import VueHook from 'alova/vue'
import { uniappRequestAdapter } from '@alova/adapter-uniapp'
import { createTokenAuthentication, type AlovaAuthOptions } from '../../src/alova'
import { LoginRequiredError } from '../../src/errors'
import { callsTo } from '../harness'
import { BASE_URL, authorizationOf, interceptedWorld } from '../interceptor/world'

type Answer = { statusCode: number; data: unknown }

async function alovaWorld(options: AlovaAuthOptions = {}, responded?: Parameters<ReturnType<typeof createTokenAuthentication>['onResponseRefreshToken']>[0], beforeRequest?: (method: Method) => void | Promise<void>) {
  const world = await interceptedWorld()
  await world.auth.session.ready()
  vi.stubGlobal('uni', world.uni)
  const { onAuthRequired, onResponseRefreshToken } = createTokenAuthentication(world.auth, options)
  const alova = createAlova({
    baseURL: BASE_URL,
    statesHook: VueHook,
    requestAdapter: uniappRequestAdapter,
    cacheFor: null,
    beforeRequest: onAuthRequired(beforeRequest),
    responded: onResponseRefreshToken(responded ?? ((response) => (response as Answer).data)),
  })
  return { ...world, alova }
}

afterEach(() => vi.unstubAllGlobals())

describe("alova's createServerTokenAuthentication cases on wx-login-state/alova", () => {
  it('should emit custom request and response interceptors (both handler forms, onError and onComplete)', async () => {
    const before = vi.fn()
    const success = vi.fn()
    const { alova } = await alovaWorld({}, (response, method) => {
      expect(method).toBeInstanceOf(Method)
      success()
      return (response as Answer).data
    }, (method) => {
      expect(method).toBeInstanceOf(Method)
      before()
    })
    expect(await alova.Get('/api/me')).toHaveProperty('user')
    expect([before.mock.calls.length, success.mock.calls.length]).toEqual([1, 1])

    const onError = vi.fn()
    const onComplete = vi.fn()
    const world2 = await alovaWorld({}, {
      onSuccess: (response) => (response as Answer).data,
      onError: (error, method) => {
        expect(error).toBeInstanceOf(Error)
        expect(method).toBeInstanceOf(Method)
        onError()
      },
      onComplete,
    })
    await world2.alova.Get('/api/me')
    const original = world2.fake.handler
    world2.fake.handler = (call) => (call.url.includes('/api/me') ? Promise.reject(new Error('request:fail server error')) : original(call))
    await world2.alova.Get('/api/me').catch(() => undefined)
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onComplete).toHaveBeenCalledTimes(2)
  })

  it('the callback should support async function (beforeRequest edits config.params, onError answers)', async () => {
    const { alova, fake } = await alovaWorld({}, {
      onSuccess: async (response) => (response as Answer).data,
      onError: async (error) => error.message,
    }, async (method) => {
      await new Promise((resolve) => setTimeout(resolve, 10))
      method.config.params = { a: 7, b: 8 }
    })
    await alova.Get('/api/me')
    expect(fake.transportLog.at(-1)?.url).toContain('a=7')
    const handler = fake.handler
    fake.handler = (call) => (call.url.includes('/api/me') ? Promise.reject(new Error('request:fail')) : handler(call))
    expect(typeof (await alova.Get('/api/me'))).toBe('string')
  })

  it.each([
    ['login', { authRole: 'login' }, undefined],
    ['login', { login: true }, { login: true }],
    ['logout', { authRole: 'logout' }, undefined],
    ['logout', { logout: true }, { logout: true }],
  ] as const)('should emit the %s interceptor for meta %j', async (role, meta, metaMatches) => {
    const hook = vi.fn((response: Answer, method: unknown) => {
      expect(typeof response.statusCode).toBe('number')
      expect(method).toBeInstanceOf(Method)
    })
    const { alova, fake } = await alovaWorld({ [role]: metaMatches ? { metaMatches, handler: hook } : hook })
    const method = alova.Get('/api/me')
    method.meta = meta
    await method
    expect(hook).toHaveBeenCalledTimes(1)
    // alova: a login method goes out without the token; a logout method with it.
    expect(authorizationOf(fake.transportLog.at(-1) ?? { headers: {} }) !== undefined).toBe(role === 'logout')
  })

  it('runs `login -> logout -> global.onSuccess -> useHook.onSuccess` in that order', async () => {
    let order: string[] = []
    const { alova } = await alovaWorld(
      {
        login: async () => {
          await new Promise((resolve) => setTimeout(resolve, 50))
          order.push('login')
        },
        logout: async () => {
          await new Promise((resolve) => setTimeout(resolve, 50))
          order.push('logout')
        },
      },
      (response) => {
        order.push('global.onSuccess')
        return (response as Answer).data
      },
    )
    for (const authRole of ['login', 'logout'] as const) {
      order = []
      const method = alova.Get('/api/me')
      method.meta = { authRole }
      const { onSuccess } = useRequest(method)
      await new Promise<void>((resolve) => onSuccess(() => (order.push('useHook.onSuccess'), resolve())))
      expect(order).toEqual([authRole, 'global.onSuccess', 'useHook.onSuccess'])
    }
  })

  it('should refresh the session first on the error event when isExpired says so (one shared re-login, one resend)', async () => {
    const isExpired = vi.fn((error: Error) => error.message.includes('gateway says expired'))
    const handler = vi.fn()
    const { alova, backend, fake } = await alovaWorld({ refreshTokenOnError: { isExpired, handler } })
    // A failure the library's isSessionExpired never sees (no answer at all): only the app's isExpired knows it.
    const original = fake.handler
    let failing = true
    fake.handler = (call) => (call.url.includes('/api/me') && failing ? ((failing = false), Promise.reject(new Error('request:fail gateway says expired'))) : original(call))
    const logins = backend.counts.logins
    expect(await alova.Get('/api/me')).toHaveProperty('user')
    expect(backend.counts.logins - logins).toBe(1)
    expect(callsTo(fake, '/api/me')).toBe(2)
    expect(isExpired).toHaveBeenCalledTimes(1)
    expect(handler).not.toHaveBeenCalled() // the library's re-login replaces alova's refresh handler
  })

  it('should refresh the session first on the success event when it is expired (transform applied once)', async () => {
    const isExpired = vi.fn((response: { statusCode: number }) => response.statusCode === 401)
    const { alova, backend, fake } = await alovaWorld({ refreshTokenOnSuccess: { isExpired } })
    backend.forgetAllSessions()
    const logins = backend.counts.logins
    const me = await alova.Get('/api/me', { transform: (data: { user: { openid: string } }) => data.user.openid })
    expect(me).toBe(fake.wechat.openid)
    expect(backend.counts.logins - logins).toBe(1)
  })

  it('holds requests sent while the session is being repaired and sends them with the new token', async () => {
    const { alova, backend, fake } = await alovaWorld()
    backend.forgetAllSessions()
    const first = alova.Get('/api/me?a=1').send()
    await new Promise((resolve) => setTimeout(resolve, 0))
    const second = alova.Get('/api/me?a=2').send()
    expect(await Promise.all([first, second])).toEqual([expect.objectContaining({ user: expect.anything() }), expect.objectContaining({ user: expect.anything() })])
    const tokens = new Set(fake.transportLog.filter((c) => c.url.includes('/api/me')).slice(-2).map(authorizationOf))
    expect(tokens.size).toBe(1)
  })

  it("shouldn't re-login twice when several expired requests come back at the same time", async () => {
    const { alova, backend } = await alovaWorld()
    backend.forgetAllSessions()
    const logins = backend.counts.logins
    await Promise.all([alova.Get('/api/me?a=1').send(), alova.Get('/api/me?a=2').send()])
    expect(backend.counts.logins - logins).toBe(1)
  })

  it("shouldn't continue when the re-login fails: every waiting request rejects (none is left pending)", async () => {
    const { alova, fake } = await alovaWorld()
    const original = fake.handler
    fake.handler = (call) => (call.url.includes('/api/me') ? { status: 401, headers: {}, data: {} } : original(call))
    await expect(Promise.all([alova.Get('/api/me?a=1').send(), alova.Get('/api/me?a=2').send()])).rejects.toBeInstanceOf(LoginRequiredError)
  })

  it('should bypass the token validation for authRole null and for a custom visitorMeta', async () => {
    const { alova, fake } = await alovaWorld({ visitorMeta: { loginRequired: false } })
    const visitor = alova.Get('/api/me')
    visitor.meta = { loginRequired: false }
    await visitor.send().catch(() => undefined)
    const world = await alovaWorld()
    const nullRole = world.alova.Get('/api/me')
    nullRole.meta = { authRole: null }
    await nullRole.send().catch(() => undefined)
    expect([authorizationOf(fake.transportLog.at(-1) ?? { headers: {} }), authorizationOf(world.fake.transportLog.at(-1) ?? { headers: {} })]).toEqual([undefined, undefined])
  })

  it('sends a refreshToken-role method without waiting or repairing it', async () => {
    const { alova, fake } = await alovaWorld()
    const original = fake.handler
    fake.handler = (call) => (call.url.includes('/api/me') ? { status: 401, headers: {}, data: {} } : original(call))
    const refresh = alova.Get('/api/me')
    refresh.meta = { authRole: 'refreshToken' }
    await refresh.send()
    expect(callsTo(fake, '/api/me')).toBe(1)
  })
})

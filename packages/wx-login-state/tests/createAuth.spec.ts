import { describe, expect, it } from 'vitest'
import { createAuth } from '../src/createAuth'
import { createFakePlatform } from '../src/testing/fakePlatform'
import { BASE_URL, authFor, callsTo, createWorld } from './harness'

const platform = createFakePlatform()

describe('createAuth', () => {
  it.each([
    ['no options', null, 'createAuth(options) needs an options object'],
    ['no platform', { baseURL: BASE_URL }, 'createAuth(): platform must be a Platform'],
    ['no baseURL', { platform }, 'createAuth(): baseURL must be an absolute http(s) URL'],
    ["baseURL ''", { platform, baseURL: '' }, `createAuth(): baseURL must be an absolute http(s) URL such as 'https://api.example.com', got ""`],
    ["baseURL 'not a url'", { platform, baseURL: 'not a url' }, 'createAuth(): baseURL must be an absolute http(s) URL'],
    ["baseURL 'ftp://x'", { platform, baseURL: 'ftp://x' }, 'got "ftp://x"'],
    ["baseURL '/api' (relative)", { platform, baseURL: '/api' }, 'createAuth(): baseURL must be an absolute http(s) URL'],
    ['baseURL with a query', { platform, baseURL: 'https://api.example.com/?v=1' }, 'createAuth(): baseURL must be'],
    ['baseURL 42', { platform, baseURL: 42 }, 'createAuth(): baseURL must be an absolute http(s) URL such as \'https://api.example.com\', got 42'],
    ['storageKey 42', { platform, baseURL: BASE_URL, storageKey: 42 }, 'createAuth(): storageKey must be a non-empty string, got 42'],
    ["storageKey ''", { platform, baseURL: BASE_URL, storageKey: '' }, 'createAuth(): storageKey must be a non-empty string'],
    ['timeoutMs 0', { platform, baseURL: BASE_URL, timeoutMs: 0 }, 'createAuth(): timeoutMs must be a positive number, got 0'],
    ['timeoutMs NaN', { platform, baseURL: BASE_URL, timeoutMs: Number.NaN }, 'createAuth(): timeoutMs must be a positive number'],
    ['expiryLeewayMs -1', { platform, baseURL: BASE_URL, expiryLeewayMs: -1 }, 'createAuth(): expiryLeewayMs must be a non-negative number'],
    ["autoLogin 'sometimes'", { platform, baseURL: BASE_URL, autoLogin: 'sometimes' }, "createAuth(): autoLogin must be 'repair' or 'always'"],
    ['isSessionExpired true', { platform, baseURL: BASE_URL, isSessionExpired: true }, 'createAuth(): isSessionExpired must be a function'],
    ["hooks.onError 'x'", { platform, baseURL: BASE_URL, hooks: { onError: 'x' } }, 'createAuth(): hooks.onError must be an array of functions'],
    ["endpoints 'x'", { platform, baseURL: BASE_URL, endpoints: '/api' }, 'createAuth(): endpoints must be an object'],
    ['endpoints.me 42', { platform, baseURL: BASE_URL, endpoints: { me: 42 } }, 'createAuth(): endpoints.me must be a path'],
    ["endpoints.login ''", { platform, baseURL: BASE_URL, endpoints: { login: '' } }, 'createAuth(): endpoints.login must be a path'],
    ['a misspelt endpoint', { platform, baseURL: BASE_URL, endpoints: { profile: '/me' } }, 'createAuth(): endpoints.profile is not an endpoint'],
  ])('rejects %s with a TypeError that names the option', (_what, options, message) => {
    let thrown: unknown
    try {
      createAuth(options as never)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(TypeError)
    const text = (thrown as TypeError).message
    expect(text.startsWith('[wx-login-state] ')).toBe(true)
    expect(text.indexOf('[wx-login-state]')).toBe(text.lastIndexOf('[wx-login-state]'))
    expect(text).toContain(message)
  })

  it('accepts an http base URL with a port and a path', () => {
    expect(() => createAuth({ platform, baseURL: 'http://127.0.0.1:3000/prefix/' })).not.toThrow()
  })

  it('gives independent instances over separate platforms', async () => {
    const a = createWorld()
    const b = createWorld()
    const authA = authFor(a.platform)
    const authB = authFor(b.platform)
    await authA.session.login()
    expect(authA.session.state.status).toBe('authenticated')
    expect(authB.session.state.status).toBe('anonymous')
  })

  it('uses custom endpoints and storage key', async () => {
    const { platform, backend } = createWorld()
    platform.handler = (call) => backend.handle({ ...call, url: call.url.replace('/v2/login', '/api/auth/login') })
    const auth = authFor(platform, { endpoints: { login: '/v2/login' }, storageKey: 'custom' })
    await auth.session.login()
    expect(callsTo(platform, '/v2/login')).toBe(1)
    expect(platform.storage.keys()).toEqual(['custom'])
  })

  it('sends the account calls to the configured endpoints', async () => {
    const { platform, backend } = createWorld()
    const renamed: Record<string, string> = { '/v2/profile': '/api/me', '/v2/profile/avatar': '/api/me/avatar', '/v2/profile/phone': '/api/me/phone' }
    platform.handler = (call) => {
      const url = new URL(call.url)
      const target = renamed[url.pathname]
      return backend.handle(target === undefined ? call : { ...call, url: `${url.origin}${target}` })
    }
    const auth = authFor(platform, { endpoints: { me: '/v2/profile', avatar: '/v2/profile/avatar', phone: '/v2/profile/phone' } })
    await auth.session.login()
    await auth.account.me()
    await auth.account.updateNickname('小明')
    await auth.account.uploadAvatar('wxfile://tmp/a.png')
    await auth.account.bindPhone('phone_1')
    expect(callsTo(platform, '/v2/profile')).toBe(2)
    expect(callsTo(platform, '/v2/profile/avatar')).toBe(1)
    expect(callsTo(platform, '/v2/profile/phone')).toBe(1)
    expect(callsTo(platform, '/api/me') + callsTo(platform, '/api/me/avatar') + callsTo(platform, '/api/me/phone')).toBe(0)
    expect(auth.session.state.user?.nickname).toBe('小明')
  })

  it('makes a request issued before restore finished wait for it, on the first page load', async () => {
    const { platform, backend } = createWorld()
    const first = authFor(platform)
    await first.session.login()
    platform.wechat.expireSessionKey()
    const auth = authFor(platform)
    const result = await auth.http.request({ url: '/api/me' })
    expect(result).toMatchObject({ user: { openid: platform.wechat.openid } })
    // The request carried the token of the launch re-login, not the one restored from storage.
    expect(backend.counts.logins).toBe(2)
    expect(backend.counts.expired).toBe(0)
  })
})

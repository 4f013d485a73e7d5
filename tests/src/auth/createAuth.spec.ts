import { describe, expect, it } from 'vitest'
import { createAuth } from '@/src/auth/createAuth'
import { createFakePlatform } from '@/src/auth/testing/fakePlatform'
import { BASE_URL, authFor, callsTo, createWorld } from './harness'

describe('createAuth', () => {
  it.each([
    [{ baseURL: BASE_URL }, /platform must be a Platform/],
    [{ platform: createFakePlatform() }, /baseURL must be a string/],
    [{ platform: createFakePlatform(), baseURL: BASE_URL, timeoutMs: 0 }, /timeoutMs must be a positive number/],
    [{ platform: createFakePlatform(), baseURL: BASE_URL, autoLogin: 'sometimes' }, /autoLogin must be/],
    [{ platform: createFakePlatform(), baseURL: BASE_URL, hooks: { onError: 'x' } }, /hooks.onError must be an array/],
  ])('rejects misconfiguration %# with a TypeError naming the option', (options, message) => {
    expect(() => createAuth(options as never)).toThrow(message)
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

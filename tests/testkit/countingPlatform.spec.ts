import { describe, expect, it } from 'vitest'
import { classifyURL, countingPlatform } from '../../testkit/countingPlatform'
import { createFakePlatform } from 'wx-login-state/testing'

const ok = () => ({ status: 200, headers: {}, data: {} })

describe('countingPlatform', () => {
  it('classifies the login endpoint, business endpoints and anything else', () => {
    expect(classifyURL('http://h:1/api/auth/login')).toBe('login')
    expect(classifyURL('http://h:1/api/me?x=1')).toBe('business')
    expect(classifyURL('http://h:1/healthz')).toBe('other')
  })

  it('counts wx.login, login and business calls, and the calls made before the first business call', async () => {
    const base = createFakePlatform({ handler: ok })
    const { platform, counts } = countingPlatform(base)
    await platform.login()
    await platform.request({ url: 'http://h/api/auth/login', method: 'POST', headers: {}, timeoutMs: 1000 })
    await platform.request({ url: 'http://h/api/me', method: 'GET', headers: {}, timeoutMs: 1000 })
    await platform.login()
    expect(counts()).toEqual({ wxLogin: 2, login: 1, refresh: 0, business: 1, other: 0, beforeFirstBusiness: 2 })
    expect(base.calls.login).toBe(2)
  })

  it('leaves the wrapped platform storage and clock in place', () => {
    const base = createFakePlatform()
    const { platform } = countingPlatform(base)
    platform.storage.set('k', 1)
    base.clock.advance(5)
    expect(base.storage.get('k')).toBe(1)
    expect(platform.now()).toBe(base.now())
  })
})

import { describe, expect, it } from 'vitest'
import { createCancelSource } from '../../src/transport/cancel'
import { CODE_TTL_MS } from '../../src/testing/fakeWeChat'
import { createFakePlatform } from '../../src/testing/fakePlatform'

const req = { url: 'http://h/x', method: 'GET' as const, headers: {}, timeoutMs: 1000 }

describe('createFakePlatform', () => {
  it('accepts a code once, then answers 40163', async () => {
    const platform = createFakePlatform()
    const { code } = await platform.login()
    expect(platform.wechat.exchangeCode(code)).toMatchObject({ ok: true, openid: platform.wechat.openid })
    expect(platform.wechat.exchangeCode(code)).toMatchObject({ ok: false, errcode: 40163 })
  })

  it('expires a code after 5 minutes with 40029', async () => {
    const platform = createFakePlatform()
    const { code } = await platform.login()
    platform.clock.advance(CODE_TTL_MS)
    expect(platform.wechat.exchangeCode(code)).toMatchObject({ ok: false, errcode: 40029 })
    expect(platform.wechat.exchangeCode('made_up')).toMatchObject({ ok: false, errcode: 40029 })
  })

  it('rotates the session_key with every code, and checkSession follows the latest key', async () => {
    const platform = createFakePlatform()
    await expect(platform.checkSession()).resolves.toBe(false)
    const first = platform.wechat.exchangeCode((await platform.login()).code)
    const second = platform.wechat.exchangeCode((await platform.login()).code)
    expect(first.ok && second.ok && first.sessionKey !== second.sessionKey).toBe(true)
    await expect(platform.checkSession()).resolves.toBe(true)
    platform.wechat.expireSessionKey()
    await expect(platform.checkSession()).resolves.toBe(false)
  })

  it('stores deep copies per key and answers "" for a missing key in the raw API', () => {
    const { storage } = createFakePlatform()
    const value = { a: { b: 1 } }
    storage.set('k', value)
    value.a.b = 2
    expect(storage.get('k')).toEqual({ a: { b: 1 } })
    expect(storage.get('missing')).toBeUndefined()
    expect(storage.getRaw('missing')).toBe('')
  })

  it('times out a hanging request on the fake clock, not on the wall clock', async () => {
    const platform = createFakePlatform({ handler: () => new Promise(() => {}) })
    const pending = platform.request(req)
    platform.clock.advance(999)
    let settled = false
    void pending.catch(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(false)
    platform.clock.advance(1)
    await expect(pending).rejects.toMatchObject({ kind: 'timeout', errMsg: 'request:fail timeout' })
  })

  it('aborts on cancel and copies bodies like the wire', async () => {
    const seen: unknown[] = []
    const platform = createFakePlatform({ handler: (call) => (seen.push(call.kind === 'request' ? call.data : null), new Promise(() => {})) })
    const source = createCancelSource()
    const body = { n: 1 }
    const pending = platform.request({ ...req, data: body, cancel: source.signal })
    body.n = 2
    source.cancel()
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' })
    expect(seen).toEqual([{ n: 1 }])
  })

  it('fails the next login or request on demand, once', async () => {
    const platform = createFakePlatform({ handler: () => ({ status: 200, headers: { 'X-A': '1' }, data: {} }) })
    platform.failNextLogin('denied', 'login:fail privacy')
    await expect(platform.login()).rejects.toMatchObject({ kind: 'denied' })
    await expect(platform.login()).resolves.toHaveProperty('code')
    platform.failNextRequest('network')
    await expect(platform.request(req)).rejects.toMatchObject({ kind: 'network' })
    await expect(platform.request(req)).resolves.toEqual({ status: 200, headers: { 'x-a': '1' }, data: {} })
    expect(platform.calls).toMatchObject({ login: 2, request: 2 })
  })
})

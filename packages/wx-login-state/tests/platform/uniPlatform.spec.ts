import { describe, expect, it } from 'vitest'
import { PlatformError } from '../../src/platform/platformError'
import { createUniPlatform } from '../../src/platform/uniPlatform'
import type { UniCallbacks, UniLike, UniRequestSuccess } from '../../src/platform/uniTypes'
import { createCancelSource } from '../../src/transport/cancel'

type Outcome = { success: unknown } | { fail: unknown }

/** A stand-in for the `uni` global: records calls and answers each with a scripted outcome. */
function stubUni(outcomes: Partial<Record<keyof UniLike, Outcome>> = {}) {
  const storage = new Map<string, unknown>()
  const calls: Array<{ api: string; options: unknown }> = []
  let aborted = 0
  const answer = (api: keyof UniLike, options: UniCallbacks<never>) => {
    calls.push({ api, options })
    const outcome = outcomes[api]
    if (!outcome) return
    if ('success' in outcome) options.success?.(outcome.success as never)
    else options.fail?.(outcome.fail)
  }
  const uni = {
    login: (o: UniCallbacks<never>) => answer('login', o),
    checkSession: (o: UniCallbacks<never>) => answer('checkSession', o),
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => {
      if (key === 'full') throw new Error('setStorageSync:fail exceed storage max size 10MB')
      storage.set(key, value)
    },
    removeStorageSync: (key: string) => void storage.delete(key),
    request: (o: UniCallbacks<never>) => {
      answer('request', o)
      return { abort: () => (aborted++, o.fail?.({ errMsg: 'request:fail abort' })) }
    },
    uploadFile: (o: UniCallbacks<never>) => answer('uploadFile', o),
  } as unknown as UniLike
  return { uni, calls, storage, aborted: () => aborted }
}

const req = { url: 'http://h/api/me', method: 'GET' as const, headers: { Authorization: 'Bearer t' }, timeoutMs: 5000 }

describe('createUniPlatform', () => {
  it('resolves uni lazily, so creating it before uni exists does not throw', async () => {
    const platform = createUniPlatform()
    await expect(platform.login()).rejects.toMatchObject({ kind: 'unsupported' })
  })

  it('returns the login code, and maps a failed wx.login to a PlatformError', async () => {
    const ok = createUniPlatform({ uni: stubUni({ login: { success: { code: 'c1', errMsg: 'login:ok' } } }).uni })
    await expect(ok.login()).resolves.toEqual({ code: 'c1' })
    const bad = createUniPlatform({ uni: stubUni({ login: { fail: { errMsg: 'login:fail timeout' } } }).uni })
    await expect(bad.login()).rejects.toMatchObject({ kind: 'timeout', errMsg: 'login:fail timeout' })
  })

  it('refuses WeChat login on a plain H5 build, saying it needs the mini program', async () => {
    const { uni, calls } = stubUni({ login: { success: { code: 'c1' } } })
    const platform = createUniPlatform({ kind: 'h5', uni })
    const error = await platform.login().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlatformError)
    expect(error).toMatchObject({ kind: 'unsupported' })
    expect((error as Error).message).toMatch(/needs the mini program/)
    expect(calls).toEqual([])
  })

  it('reports a checkSession fail as a stale key, not an error', async () => {
    const stale = createUniPlatform({ uni: stubUni({ checkSession: { fail: { errMsg: 'checkSession:fail session time out' } } }).uni })
    await expect(stale.checkSession()).resolves.toBe(false)
    const fresh = createUniPlatform({ uni: stubUni({ checkSession: { success: { errMsg: 'checkSession:ok' } } }).uni })
    await expect(fresh.checkSession()).resolves.toBe(true)
  })

  it("reads uni's '' for a missing key as undefined, and maps a full storage to kind storage", () => {
    const platform = createUniPlatform({ uni: stubUni().uni })
    expect(platform.storage.get('nothing')).toBeUndefined()
    platform.storage.set('k', { a: 1 })
    expect(platform.storage.get('k')).toEqual({ a: 1 })
    expect(() => platform.storage.set('full', 1)).toThrow(expect.objectContaining({ kind: 'storage' }))
  })

  it('normalises a response: lower-case headers, JSON parsed from text, empty body as empty string', async () => {
    const success: UniRequestSuccess = { statusCode: 200, data: '{"user":{"id":"u"}}', header: { 'Content-Type': 'application/json', 'Set-Cookie': ['a', 'b'] } }
    const platform = createUniPlatform({ uni: stubUni({ request: { success } }).uni })
    await expect(platform.request(req)).resolves.toEqual({
      status: 200,
      headers: { 'content-type': 'application/json', 'set-cookie': 'a, b' },
      data: { user: { id: 'u' } },
    })
    const html = createUniPlatform({ uni: stubUni({ request: { success: { statusCode: 502, data: '<html>bad gateway</html>' } } }).uni })
    await expect(html.request(req)).resolves.toMatchObject({ status: 502, data: '<html>bad gateway</html>' })
    const empty = createUniPlatform({ uni: stubUni({ request: { success: { statusCode: 204, data: undefined } } }).uni })
    await expect(empty.request(req)).resolves.toMatchObject({ status: 204, data: '' })
  })

  it('passes method, headers and timeout to uni.request and maps its failures', async () => {
    const stub = stubUni({ request: { fail: { errMsg: 'request:fail timeout' } } })
    const platform = createUniPlatform({ uni: stub.uni })
    await expect(platform.request(req)).rejects.toMatchObject({ kind: 'timeout' })
    expect(stub.calls[0]?.options).toMatchObject({ url: req.url, method: 'GET', header: req.headers, timeout: 5000 })
  })

  it('aborts the uni task when the cancel signal fires', async () => {
    const stub = stubUni()
    const platform = createUniPlatform({ uni: stub.uni })
    const source = createCancelSource()
    const pending = platform.request({ ...req, cancel: source.signal })
    source.cancel()
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' })
    expect(stub.aborted()).toBe(1)
  })

  it('reports the privacy API as unsupported on H5 and when wx lacks it', async () => {
    expect(createUniPlatform({ kind: 'h5', wx: { getPrivacySetting: () => {} } }).privacy.supported).toBe(false)
    expect(createUniPlatform({ wx: {} }).privacy.supported).toBe(false)
    const platform = createUniPlatform({ wx: { getPrivacySetting: (o) => o.success?.({ needAuthorization: true, privacyContractName: 'P' }) } })
    expect(platform.privacy.supported).toBe(true)
    await expect(platform.privacy.getSetting()).resolves.toEqual({ needAuthorization: true, privacyContractName: 'P' })
  })

  it('lists the page stack with leading slashes and queries', () => {
    const platform = createUniPlatform({ getCurrentPages: () => [{ route: 'pages/index/index' }, { route: 'pages/profile/profile', options: { tab: '2' } }] })
    expect(platform.router.currentPages()).toEqual([
      { route: '/pages/index/index', query: {} },
      { route: '/pages/profile/profile', query: { tab: '2' } },
    ])
  })
})

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createPinia, defineStore, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import * as lib from 'wx-login-state'
import * as emulator from 'wx-login-state/emulator'
import * as nickname from 'wx-login-state/nickname'
import * as platformEntry from 'wx-login-state/platform'
import * as wechatWeb from 'wx-login-state/wechat-web'
import * as testing from 'wx-login-state/testing'

const PACKAGE_DIR = path.resolve(import.meta.dirname, '..')
const SRC = path.join(PACKAGE_DIR, 'src')

/** Every module reachable from `entry` through static imports and re-exports (type-only ones included). */
function moduleGraph(entry: string): Set<string> {
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/(?:from|import)\s+'(\.[^']+)'/g)) {
      const spec = match[1] ?? ''
      const base = path.resolve(path.dirname(file), spec)
      const found = [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) => {
        try {
          return readFileSync(f) && true
        } catch {
          return false
        }
      })
      if (!found) throw new Error(`${file} imports ${spec}, which does not exist`)
      visit(found)
    }
  }
  visit(entry)
  return seen
}

describe('the root entry', () => {
  it('loads without a uni global', () => {
    expect((globalThis as { uni?: unknown }).uni).toBeUndefined()
    for (const name of ['createAuth', 'createUniPlatform', 'defineAuthStore', 'createRouteGuard', 'createPrivacyGate', 'requestLegacyProfile', 'isAnonymousProfile', 'createCancelSource', 'isAuthError', 'parseUser'] as const) {
      expect(typeof lib[name]).toBe('function')
    }
  })

  it('exports every error class, and the type guard knows them all', () => {
    const classes = [lib.NetworkError, lib.TimeoutError, lib.LoginRequiredError, lib.CancelledError, lib.InvalidResponseError, lib.UnsupportedPlatformError, lib.StorageError]
    for (const ErrorClass of classes) expect(lib.isAuthError(new ErrorClass('x'))).toBe(true)
    expect(lib.isAuthError(new lib.LoginFailedError({ reason: 'network', message: 'x' }))).toBe(true)
    expect(lib.isAuthError(new lib.HttpError({ status: 500, body: '', method: 'GET', url: '/x' }))).toBe(true)
  })

  it('reaches neither the test doubles nor the emulator adapter, not even through an import', () => {
    expect(Object.keys(lib).filter((k) => /fake|emulator/i.test(k))).toEqual([])
    const reached = [...moduleGraph(path.join(SRC, 'index.ts'))].map((f) => path.relative(SRC, f))
    expect(reached.filter((f) => f.startsWith('testing/') || f.startsWith('emulator/'))).toEqual([])
    expect(reached).toContain('createAuth.ts')
  })

  it('imports no pinia anywhere (types aside), so an app without Pinia builds from it', () => {
    const reached = [...moduleGraph(path.join(SRC, 'index.ts'))]
    expect(reached.filter((f) => /^(import|export)\b(?! type\b)[^\n]*from\s+'pinia'/m.test(readFileSync(f, 'utf8'))).map((f) => path.relative(SRC, f))).toEqual([])
  })

  it("keeps the request layer's token view off the public session", () => {
    const auth = lib.createAuth({ platform: testing.createFakePlatform(), baseURL: 'http://127.0.0.1:3000' })
    expect(Object.keys(auth.session)).toEqual(['state', 'ready', 'login', 'logout', 'setUser', 'subscribe'])
  })

  it('does not export the internal wiring (session manager, request client, sender)', () => {
    for (const name of ['createSessionManager', 'createHttpClient', 'createSender', 'createAccountApi']) {
      expect(Object.keys(lib)).not.toContain(name)
    }
  })

  it('is enough to wire an app: auth, store, guard, privacy gate, profile and a cancellable request', async () => {
    setActivePinia(createPinia())
    const platform = testing.createFakePlatform()
    platform.handler = testing.createFakeBackend(platform).handle
    const auth = lib.createAuth({ platform, baseURL: 'http://127.0.0.1:3000' })
    const store = lib.defineAuthStore(auth, defineStore)()
    const guard = lib.createRouteGuard({ router: auth.platform.router, session: auth.session, protectedPages: ['/pages/me'], loginPage: '/pages/login' })
    const gate = lib.createPrivacyGate(auth.platform.privacy)
    guard.install()
    gate.install()
    await store.login()
    expect(store.user?.openid).toBe(platform.wechat.openid)
    const source = lib.createCancelSource()
    const pending = auth.http.request({ url: '/api/me', cancel: source.signal })
    source.cancel()
    await expect(pending).rejects.toBeInstanceOf(lib.CancelledError)
    expect((await lib.requestLegacyProfile(auth.platform)).kind).toBe('anonymous')
  })
})

describe('the subpath entries', () => {
  it("keeps the adapter authors' contract and the WeChat-browser adapter off the root entry", () => {
    for (const name of ['PlatformError', 'toPlatformError', 'kindOfErrMsg', 'createWeChatWebPlatform', 'isWeChatBrowser']) expect(Object.keys(lib)).not.toContain(name)
    const reached = [...moduleGraph(path.join(SRC, 'index.ts'))].map((f) => path.relative(SRC, f))
    expect(reached).not.toContain(path.join('platform', 'wechatWebPlatform.ts'))
    expect(typeof wechatWeb.createWeChatWebPlatform).toBe('function')
    expect(wechatWeb.isWeChatBrowser('Mozilla/5.0 MicroMessenger/8.0.50')).toBe(true)
  })

  it('turns a raw uni.request failure into the typed error, and passes an interceptor failure through', () => {
    expect(platformEntry.toRequestError({ errMsg: 'request:fail timeout' }, 'GET /api/me')).toBeInstanceOf(lib.TimeoutError)
    expect(platformEntry.toRequestError({ errMsg: 'request:fail abort' }, 'GET /api/me')).toBeInstanceOf(lib.CancelledError)
    const offline = platformEntry.toRequestError({ errMsg: 'request:fail ' }, 'GET /api/me')
    expect(offline).toBeInstanceOf(lib.NetworkError)
    expect(offline.message).toContain('GET /api/me')
    const carried = new lib.LoginRequiredError('x')
    expect(platformEntry.toRequestError({ errMsg: 'request:fail', error: carried }, 'GET /api/me')).toBe(carried)
    expect(new platformEntry.PlatformError('network', 'request:fail').kind).toBe('network')
  })

  it('gives a backend the nickname rules alone', () => {
    expect(Object.keys(nickname).sort()).toEqual(['NICKNAME_MAX_CHARS', 'NICKNAME_MAX_MARKS_PER_CHAR', 'checkNickname'])
    expect(nickname.checkNickname(' 小明 ')).toEqual(lib.checkNickname(' 小明 '))
  })

  it('puts the test doubles on wx-login-state/testing', () => {
    expect(typeof testing.createFakePlatform).toBe('function')
    expect(typeof testing.createFakeBackend).toBe('function')
  })

  it('puts the emulator adapter on wx-login-state/emulator, and nothing else there', () => {
    expect(Object.keys(emulator)).toEqual(['createEmulatorPlatform'])
    const reached = [...moduleGraph(path.join(SRC, 'emulator/index.ts'))].map((f) => path.relative(SRC, f))
    expect(reached.filter((f) => f.startsWith('testing/'))).toEqual([])
  })
})

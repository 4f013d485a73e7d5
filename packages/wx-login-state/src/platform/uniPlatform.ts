import { PlatformError, toPlatformError } from './platformError'
import type { KeyValueStorage, NavigationMethod, Platform, PlatformRouter, PrivacyApi } from './types'
import type { UniCallbacks, UniLike, UniPageLike, WxPrivacyLike } from './uniTypes'
import { uniRequest, uniUpload } from './uniTransport'
import { uniRuntime } from './uniRuntime'
import { createUniInterceptors } from './uniInterceptors'

// The identity of the real runtime for the interceptor primitive; stand-ins are their own identity.
const REAL_RUNTIME = {}

/** Options of {@link createUniPlatform}. */
export interface UniPlatformOptions {
  /** Default `'mp-weixin'`. On `'h5'`, WeChat-only calls reject with kind `unsupported`. */
  kind?: 'mp-weixin' | 'h5'
  /** Stand-ins for the runtime objects, for tests; default: {@link uniRuntime}. */
  uni?: UniLike
  wx?: WxPrivacyLike
  getCurrentPages?: () => UniPageLike[]
  /** Default `Date.now`. */
  now?: () => number
}

const NEEDS_MINI_PROGRAM = 'WeChat login needs the mini program; this H5 build has no wx.login'

/**
 * Creates the platform adapter over uni-app, the only code (with its siblings in this folder) that
 * touches `uni` or `wx`. They are resolved lazily, on first use, because they may not exist yet when
 * the module is imported; by default through {@link uniRuntime}, which names every API literally so
 * that both the mp-weixin and the H5 compiler bind it. Every failure is a `PlatformError` with a
 * stable `kind`.
 */
export function createUniPlatform(options: UniPlatformOptions = {}): Platform {
  const kind = options.kind ?? 'mp-weixin'
  let runtime: ReturnType<typeof uniRuntime> | undefined
  const rt = () => (runtime ??= uniRuntime())
  const uni = (): UniLike => {
    if (options.uni) return options.uni
    const found = rt().uni
    if (!found) throw new PlatformError('unsupported', '`uni` is not available in this runtime')
    return found
  }
  const wx = (): WxPrivacyLike | undefined => ('wx' in options ? options.wx : rt().wx)
  const h5Unsupported = (api: string) => Promise.reject(new PlatformError('unsupported', `${api}:fail ${NEEDS_MINI_PROGRAM}`))

  const storage: KeyValueStorage = {
    get(key) {
      const value = uni().getStorageSync(key)
      // The sync API answers '' for a missing key; the contract says undefined.
      return value === '' ? undefined : value
    },
    set(key, value) {
      try {
        uni().setStorageSync(key, value)
      } catch (error) {
        throw toPlatformError(error, 'storage')
      }
    },
    remove(key) {
      try {
        uni().removeStorageSync(key)
      } catch (error) {
        throw toPlatformError(error, 'storage')
      }
    },
  }

  const privacy: PrivacyApi = {
    get supported() {
      return kind === 'mp-weixin' && typeof wx()?.getPrivacySetting === 'function'
    },
    getSetting() {
      const api = wx()
      if (kind !== 'mp-weixin' || !api?.getPrivacySetting) return Promise.resolve({ needAuthorization: false, privacyContractName: '' })
      return promisify('getPrivacySetting', (cb) => api.getPrivacySetting?.(cb))
    },
    onNeedAuthorization(handler) {
      wx()?.onNeedPrivacyAuthorization?.(handler)
    },
    async openContract() {
      const api = wx()
      if (!api?.openPrivacyContract) throw new PlatformError('unsupported', 'openPrivacyContract:fail not supported')
      await promisify('openPrivacyContract', (cb) => api.openPrivacyContract?.(cb))
    },
  }

  const router: PlatformRouter = {
    addInterceptor: (method, interceptor) => uni().addInterceptor(method, { invoke: (args) => interceptor.invoke(args) }),
    removeInterceptor: (method) => uni().removeInterceptor(method),
    async navigate(method: NavigationMethod, url: string) {
      const u = uni()
      await promisify(method, (cb) => u[method]({ url, ...cb }))
    },
    async navigateBack(delta = 1) {
      const u = uni()
      await promisify('navigateBack', (cb) => u.navigateBack({ delta, ...cb }))
    },
    currentPages() {
      const pages = options.getCurrentPages ?? rt().getCurrentPages
      return pages().map((p) => ({
        route: `/${String(p.route ?? '').replace(/^\/+/, '')}`,
        query: { ...(p.options ?? {}) },
      }))
    },
  }

  const interceptors = createUniInterceptors(uni, options.uni ?? REAL_RUNTIME)

  return {
    kind,
    storage,
    privacy,
    router,
    interceptors,
    now: options.now ?? (() => Date.now()),
    async login() {
      if (kind === 'h5') return h5Unsupported('login')
      const u = uni()
      const res = await promisify<{ code?: string; errMsg?: string }>('login', (cb) => u.login({ provider: 'weixin', ...cb }))
      if (typeof res.code !== 'string' || res.code === '') throw new PlatformError('failed', res.errMsg ?? 'login:fail no code')
      return { code: res.code }
    },
    checkSession() {
      if (kind === 'h5') return h5Unsupported('checkSession')
      const u = uni()
      // WeChat reports a stale session_key through `fail`; that is an answer, not an error.
      return new Promise((resolve) => u.checkSession({ success: () => resolve(true), fail: () => resolve(false) }))
    },
    // The library's own calls stay outside its own interceptor (installRequestInterceptor).
    request: (req) => uniRequest(uni(), req, interceptors.bypassFor('request')),
    uploadFile: (req) => uniUpload(uni(), req, interceptors.bypassFor('uploadFile')),
    async getUserProfile(desc) {
      if (kind === 'h5') return h5Unsupported('getUserProfile')
      const u = uni()
      const res = await promisify<Parameters<NonNullable<Parameters<UniLike['getUserProfile']>[0]['success']>>[0]>(
        'getUserProfile',
        (cb) => u.getUserProfile({ desc, lang: 'zh_CN', ...cb }),
      )
      return {
        nickName: res.userInfo.nickName,
        avatarUrl: res.userInfo.avatarUrl,
        ...(res.rawData === undefined ? {} : { rawData: res.rawData }),
        ...(res.signature === undefined ? {} : { signature: res.signature }),
        ...(res.encryptedData === undefined ? {} : { encryptedData: res.encryptedData }),
        ...(res.iv === undefined ? {} : { iv: res.iv }),
      }
    },
  }
}

/** Wraps a callback-style uni call; `fail` becomes a `PlatformError`, a synchronous throw too. */
function promisify<S>(api: string, start: (callbacks: Required<UniCallbacks<S>>) => void): Promise<S> {
  return new Promise<S>((resolve, reject) => {
    try {
      start({ success: resolve, fail: (err) => reject(toPlatformError(err, 'failed')) })
    } catch (error) {
      reject(toPlatformError(error, api === 'login' ? 'failed' : 'unsupported'))
    }
  })
}

import type { Phone } from './phone'
import { wxApiNames } from './wxApiNames'
import { answer, createWxNetwork } from './wxNetwork'
import { createWxStorage } from './wxStorage'

/** One recorded `wx` call: the API and its first argument without the callbacks. */
export interface WxCall {
  api: string
  args: unknown
}

/** The part of the reference server's WeChat emulator the phone talks to (packages/wx-emulator/src/WxEmulator.ts). */
export interface EmulatorLike {
  issueLoginCode(request: { openid?: string }): { code: string; openid: string }
  issuePhoneCode(request: { openid?: string; phoneNumber?: string }): { code: string }
  users: { get(openid: string): { sessionKeyValid: boolean } | undefined }
}

/** Navigation methods of `wx`; the page stack behind them belongs to the mini-program launcher. */
export interface PageHost {
  navigate(method: 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab', url: string): Promise<void>
  navigateBack(delta: number): Promise<void>
  currentRoute(): string
}

/** A dialog opened with `wx.showModal`, waiting for the test to answer it. */
export interface OpenModal {
  title: string
  content: string
  confirmText: string
  cancelText: string
  answer(confirm: boolean): void
}

type Options = Record<string, unknown> & {
  success?: (res: unknown) => void
  fail?: (err: unknown) => void
  complete?: (res: unknown) => void
}
type PrivacyResolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void
type PrivacyHandler = (resolve: PrivacyResolve, info: { referrer: string }) => void

const PRIVACY_DENIED = { errno: 104, tail: 'privacy permission is not authorized' }
/** What `getUserProfile` answers since WeChat made it anonymous (base library 2.27.1, late 2022). */
export const ANONYMOUS_USER_INFO = {
  nickName: '微信用户',
  avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132',
  gender: 0,
  country: '',
  province: '',
  city: '',
  language: '',
}

const SYSTEM_INFO = {
  brand: 'devtools',
  model: 'iPhone 12/13 (Pro)',
  pixelRatio: 3,
  screenWidth: 390,
  screenHeight: 844,
  windowWidth: 390,
  windowHeight: 753,
  statusBarHeight: 47,
  language: 'zh_CN',
  version: '8.0.5',
  system: 'iOS 10.0.1',
  platform: 'devtools',
  SDKVersion: '3.7.12',
  enableDebug: false,
  theme: 'light',
  host: { env: 'WeChat' },
  safeArea: { top: 47, left: 0, right: 390, bottom: 810, width: 390, height: 763 },
}

function withoutCallbacks(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (typeof v !== 'function') out[k] = v
  return out
}

/**
 * Creates the project's own `wx` for one launch of the mini program on `phone`. It is faithful
 * where the app depends on WeChat's behaviour: `login` takes a code from the emulator (single use,
 * rotating the session_key), `checkSession` fails once the emulator expired the key, network calls
 * are real HTTP with WeChat's result shapes, storage has WeChat's semantics, the privacy APIs hold
 * a call until the app's popup answers, navigation goes through the launcher's page stack. Every
 * call is recorded; every network target too; an API of WeChat's typings that it does not
 * implement records itself in `unimplemented` and throws, which the suite turns into a failure.
 */
export function createTestWx(options: { phone: Phone; emulator: EmulatorLike; pages: PageHost }) {
  const { phone, emulator, pages } = options
  const calls: WxCall[] = []
  const unimplemented: string[] = []
  const problems: string[] = []
  const targets: { kind: string; url: string }[] = []
  const toasts: string[] = []
  let modal: OpenModal | undefined
  let privacyHandler: PrivacyHandler | undefined
  // The tap that holds the tap state (0: none); see userGesture().
  let gesture = 0
  let taps = 0
  let lastAgreeButton: string | undefined
  const storage = createWxStorage(phone.storage)
  const network = createWxNetwork({ tempFile: phone.tempFile, onTarget: (kind, url) => targets.push({ kind, url }) })

  /** Runs `proceed` once the user agreed to the privacy guide, asking the app's popup first when needed. */
  function withPrivacy(api: string, proceed: () => void, fail: (res: Record<string, unknown>) => void): void {
    if (phone.privacyAgreed) return proceed()
    const denied = () => fail({ errMsg: `${api}:fail ${PRIVACY_DENIED.tail}`, errno: PRIVACY_DENIED.errno })
    if (!privacyHandler) {
      problems.push(`${api} needs privacy consent but the app registered no onNeedPrivacyAuthorization handler`)
      return denied()
    }
    let settled = false
    privacyHandler((result) => {
      if (settled) return
      settled = true
      if (result.event === 'agree') {
        if (result.buttonId === undefined || result.buttonId !== lastAgreeButton) {
          problems.push(`privacy resolve({ event: 'agree', buttonId: ${JSON.stringify(result.buttonId)} }) without a tap on that agreePrivacyAuthorization button`)
          return denied()
        }
        phone.privacyAgreed = true
        return proceed()
      }
      denied()
    }, { referrer: pages.currentRoute() })
  }

  function callbacks(api: string, o: Options, run: () => Promise<Record<string, unknown>>): void {
    run().then(
      (res) => answer(o, true, { errMsg: `${api}:ok`, ...res }),
      (error: Error) => answer(o, false, { errMsg: error.message.startsWith(`${api}:fail`) ? error.message : `${api}:fail ${error.message}` }),
    )
  }

  const implemented: Record<string, (...args: never[]) => unknown> = {
    ...storage,
    request: (o: Options) => network.request(o),
    uploadFile: (o: Options) => network.uploadFile(o),
    downloadFile(o: Options) {
      targets.push({ kind: 'downloadFile', url: String(o.url) })
      answer(o, false, { errMsg: 'downloadFile:fail the test phone downloads nothing' })
      return { abort: () => undefined, onProgressUpdate: () => undefined }
    },
    preloadAssets(o: Options) {
      for (const item of (o.data as { src?: string }[] | undefined) ?? []) targets.push({ kind: 'preloadAssets', url: String(item.src) })
      answer(o, true, { errMsg: 'preloadAssets:ok' })
    },
    login(o: Options) {
      callbacks('login', o, async () => {
        const issued = emulator.issueLoginCode(phone.openid === undefined ? {} : { openid: phone.openid })
        phone.openid = issued.openid
        return { code: issued.code }
      })
    },
    checkSession(o: Options) {
      callbacks('checkSession', o, async () => {
        const user = phone.openid === undefined ? undefined : emulator.users.get(phone.openid)
        if (!user?.sessionKeyValid) throw new Error('checkSession:fail session time out, need relogin')
        return {}
      })
    },
    getUserProfile(o: Options) {
      if (gesture === 0) return answer(o, false, { errMsg: 'getUserProfile:fail can only be invoked by user TAP gesture.' })
      withPrivacy('getUserProfile', () => answer(o, true, { errMsg: 'getUserProfile:ok', userInfo: { ...ANONYMOUS_USER_INFO }, rawData: JSON.stringify(ANONYMOUS_USER_INFO), signature: '', encryptedData: '', iv: '' }), (res) => answer(o, false, res))
    },
    onNeedPrivacyAuthorization(handler: PrivacyHandler) {
      privacyHandler = handler
    },
    requirePrivacyAuthorize(o: Options) {
      withPrivacy('requirePrivacyAuthorize', () => answer(o, true, { errMsg: 'requirePrivacyAuthorize:ok' }), (res) => answer(o, false, res))
    },
    getPrivacySetting(o: Options) {
      answer(o, true, { errMsg: 'getPrivacySetting:ok', needAuthorization: !phone.privacyAgreed, privacyContractName: '《微信登录示例隐私保护指引》' })
    },
    openPrivacyContract(o: Options) {
      answer(o, true, { errMsg: 'openPrivacyContract:ok' })
    },
    navigateTo: (o: Options) => callbacks('navigateTo', o, () => pages.navigate('navigateTo', String(o.url)).then(() => ({}))),
    redirectTo: (o: Options) => callbacks('redirectTo', o, () => pages.navigate('redirectTo', String(o.url)).then(() => ({}))),
    reLaunch: (o: Options) => callbacks('reLaunch', o, () => pages.navigate('reLaunch', String(o.url)).then(() => ({}))),
    switchTab: (o: Options) => callbacks('switchTab', o, () => pages.navigate('switchTab', String(o.url)).then(() => ({}))),
    navigateBack: (o: Options = {}) => callbacks('navigateBack', o, () => pages.navigateBack(typeof o.delta === 'number' ? o.delta : 1).then(() => ({}))),
    showToast(o: Options) {
      toasts.push(String(o.title ?? ''))
      answer(o, true, { errMsg: 'showToast:ok' })
    },
    hideToast: (o: Options = {}) => answer(o, true, { errMsg: 'hideToast:ok' }),
    showLoading: (o: Options) => answer(o, true, { errMsg: 'showLoading:ok' }),
    hideLoading: (o: Options = {}) => answer(o, true, { errMsg: 'hideLoading:ok' }),
    showModal(o: Options) {
      if (modal) problems.push(`showModal("${String(o.title)}") while "${modal.title}" is still open`)
      const open: OpenModal = {
        title: String(o.title ?? ''),
        content: String(o.content ?? ''),
        confirmText: String(o.confirmText ?? '确定'),
        cancelText: String(o.cancelText ?? '取消'),
        answer(confirm) {
          if (modal === open) modal = undefined
          answer(o, true, { errMsg: 'showModal:ok', confirm, cancel: !confirm })
        },
      }
      modal = open
    },
    getSystemInfoSync: () => ({ ...SYSTEM_INFO }),
    getSystemInfo: (o: Options) => answer(o, true, { errMsg: 'getSystemInfo:ok', ...SYSTEM_INFO }),
    getWindowInfo: () => ({ pixelRatio: 3, screenWidth: 390, screenHeight: 844, windowWidth: 390, windowHeight: 753, statusBarHeight: 47, safeArea: SYSTEM_INFO.safeArea, screenTop: 0 }),
    getDeviceInfo: () => ({ brand: SYSTEM_INFO.brand, model: SYSTEM_INFO.model, system: SYSTEM_INFO.system, platform: SYSTEM_INFO.platform, pixelRatio: 3 }),
    getAppBaseInfo: () => ({ SDKVersion: SYSTEM_INFO.SDKVersion, enableDebug: false, host: SYSTEM_INFO.host, language: 'zh_CN', version: SYSTEM_INFO.version, theme: 'light' }),
    getLaunchOptionsSync: () => ({ path: 'pages/index/index', scene: 1001, query: {}, referrerInfo: {} }),
    getEnterOptionsSync: () => ({ path: 'pages/index/index', scene: 1001, query: {}, referrerInfo: {} }),
    canIUse: () => true,
  }

  const wx: Record<string, unknown> = {}
  for (const name of wxApiNames()) {
    wx[name] = (...args: unknown[]) => {
      calls.push({ api: name, args: withoutCallbacks(args[0]) })
      unimplemented.push(name)
      throw new Error(`wx.${name} is not implemented by the test wx (tests/mp/helpers/wx/createTestWx.ts)`)
    }
  }
  for (const [name, impl] of Object.entries(implemented)) {
    wx[name] = (...args: unknown[]) => {
      calls.push({ api: name, args: withoutCallbacks(args[0]) })
      return (impl as (...a: unknown[]) => unknown)(...args)
    }
  }

  return {
    wx,
    calls,
    unimplemented,
    problems,
    targets,
    toasts,
    get modal() {
      return modal
    },
    /**
     * Gives the next tap its tap state ("点击态"), for the APIs WeChat allows only from one
     * (getUserProfile). WeChat keeps it for the macrotask of the tap's handler: promise jobs queued
     * there keep it, a `setTimeout` does not. The driver calls this just before it dispatches the
     * tap, so the state ends at the first timer after the dispatch, before any timer the handler
     * itself set; a stale timer of an earlier tap cannot end a later tap's state.
     */
    userGesture(): void {
      const tap = ++taps
      gesture = tap
      setTimeout(() => {
        if (gesture === tap) gesture = 0
      }, 0)
    },
    /** Records a tap on an `open-type="agreePrivacyAuthorization"` button. */
    agreeButtonTapped(id: string): void {
      lastAgreeButton = id
    },
    withPrivacy,
  }
}

/** The test `wx` of one launch. */
export type TestWx = ReturnType<typeof createTestWx>

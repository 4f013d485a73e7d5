import type { DevTools, Platform, TransportRequest, TransportResponse } from '../platform/types'
import { PlatformError, toPlatformError } from '../platform/platformError'

/** A fixed WeChat identity for the emulator; anything left out is chosen by the emulator. */
export interface EmulatorTestUser {
  openid?: string
  unionid?: string
  /** The number `dev.phoneCode()` asks for when the caller names none. */
  phoneNumber?: string
}

export interface EmulatorPlatformOptions {
  /** The uni platform of the H5 build; storage, requests, uploads and navigation go through it. */
  base: Platform
  /** Where the WeChat emulator is mounted, usually the API origin (`/__emulator/...` is appended). */
  emulatorBaseURL: string
  testUser?: EmulatorTestUser
  /** Where the emulator's openid is remembered between launches. Default `wx-login-state:emulator-openid`. */
  storageKey?: string
  /** Per emulator call. Default 10 000. */
  timeoutMs?: number
}

type ChooseImageOptions = {
  count: number
  sizeType?: string[]
  sourceType?: string[]
  success(result: { tempFilePaths: string | string[] }): void
  fail(error: unknown): void
}

const DEFAULT_STORAGE_KEY = 'wx-login-state:emulator-openid'

function joinURL(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path
}

function readString(data: unknown, field: string): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const value = (data as Record<string, unknown>)[field]
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

function chooseImageWithUni(options: ChooseImageOptions): void {
  // NOTE: `uni.chooseImage` is written out literally and looked up at call time: the tree-shaken H5
  // build binds only the uni APIs it sees by name (its `window.uni` is empty), and tests install
  // `uni` after this module loads.
  if (typeof uni === 'undefined' || typeof uni.chooseImage !== 'function') {
    throw new PlatformError('unsupported', 'chooseImage:fail uni.chooseImage is not available')
  }
  uni.chooseImage(options as unknown as UniApp.ChooseImageOptions)
}

/**
 * Wraps the H5 uni platform so that the whole login flow runs in a browser against the reference
 * server's WeChat emulator: `login()` asks `POST /__emulator/login-code` for a code instead of
 * `uni.login`, and `dev` stands in for the WeChat-only buttons (phone number, avatar). The emulator
 * chooses an openid the first time; the adapter remembers it in storage, so every later login, even
 * after a reload, is the same test user. Emulator answers are validated: anything but the documented
 * shape rejects with a `PlatformError`. Never ship this adapter in a production build.
 */
export function createEmulatorPlatform(options: EmulatorPlatformOptions): Platform {
  const { base, testUser = {} } = options
  const storageKey = options.storageKey ?? DEFAULT_STORAGE_KEY
  const timeoutMs = options.timeoutMs ?? 10_000
  let memoryOpenid: string | undefined

  function knownOpenid(): string | undefined {
    if (testUser.openid) return testUser.openid
    let stored: unknown
    try {
      stored = base.storage.get(storageKey)
    } catch {
      stored = undefined
    }
    return typeof stored === 'string' && stored.length > 0 ? stored : memoryOpenid
  }

  function rememberOpenid(openid: string): void {
    memoryOpenid = openid
    try {
      base.storage.set(storageKey, openid)
    } catch {
      // Storage full or disabled: the same user is kept for this launch only, which is all we can do.
    }
  }

  async function callEmulator(path: string, body: Record<string, string>, api: string): Promise<unknown> {
    const request: TransportRequest = {
      url: joinURL(options.emulatorBaseURL, path),
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      data: body,
      timeoutMs,
    }
    let response: TransportResponse
    try {
      response = await base.request(request)
    } catch (error) {
      throw toPlatformError(error, 'network')
    }
    if (response.status < 200 || response.status >= 300) {
      const code = readString(response.data, 'error') ?? 'unknown'
      throw new PlatformError('failed', `${api}:fail emulator answered HTTP ${response.status} (${code})`)
    }
    return response.data
  }

  async function login(): Promise<{ code: string }> {
    const openid = knownOpenid()
    const body: Record<string, string> = {}
    if (openid) body.openid = openid
    if (testUser.unionid) body.unionid = testUser.unionid
    const data = await callEmulator('/__emulator/login-code', body, 'login')
    const code = readString(data, 'code')
    const issuedFor = readString(data, 'openid')
    if (code === undefined || issuedFor === undefined) {
      throw new PlatformError('failed', 'login:fail the emulator answered without a code and an openid')
    }
    if (issuedFor !== openid) rememberOpenid(issuedFor)
    return { code }
  }

  const dev: DevTools = {
    async phoneCode(phoneNumber?: string): Promise<string> {
      const body: Record<string, string> = {}
      const openid = knownOpenid()
      if (openid) body.openid = openid
      const number = phoneNumber ?? testUser.phoneNumber
      if (number) body.phoneNumber = number
      const data = await callEmulator('/__emulator/phone-code', body, 'getPhoneNumber')
      const code = readString(data, 'code')
      if (code === undefined) throw new PlatformError('failed', 'getPhoneNumber:fail the emulator answered without a code')
      return code
    },
    chooseImage(): Promise<string> {
      return new Promise<string>((resolve, reject) => {
        // On H5 the temp path is a blob: URL, which uni.uploadFile accepts as is.
        chooseImageWithUni({
          count: 1,
          sizeType: ['compressed'],
          sourceType: ['album'],
          success(result) {
            const path = Array.isArray(result.tempFilePaths) ? result.tempFilePaths[0] : result.tempFilePaths
            if (typeof path === 'string' && path.length > 0) resolve(path)
            else reject(new PlatformError('failed', 'chooseImage:fail no file was chosen'))
          },
          fail(error) {
            const mapped = toPlatformError(error)
            reject(/cancel/i.test(mapped.errMsg) ? new PlatformError('aborted', mapped.errMsg, { cause: error }) : mapped)
          },
        })
      }).catch((error: unknown) => {
        throw toPlatformError(error)
      })
    },
  }

  return {
    kind: base.kind,
    ...(base.interceptors ? { interceptors: base.interceptors } : {}),
    login,
    // The emulator keeps each user's session_key on the server and reports staleness there; a browser
    // has no wx.checkSession. Answering true only means "no sign of a stale key": the library never
    // takes it as proof that our token is valid, and a stale token is still repaired through its 401.
    checkSession: () => Promise.resolve(true),
    get storage() {
      return base.storage
    },
    request: (req) => base.request(req),
    uploadFile: (req) => base.uploadFile(req),
    getUserProfile: (desc) => base.getUserProfile(desc),
    now: () => base.now(),
    get privacy() {
      return base.privacy
    },
    get router() {
      return base.router
    },
    dev,
  }
}

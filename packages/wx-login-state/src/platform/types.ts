/**
 * The platform contract: everything the library needs from uni-app / WeChat.
 *
 * Only the adapters in this folder touch `uni` or `wx`. Every other module receives a
 * `Platform`, so tests can hand in the faithful fake (`createFakePlatform`) instead.
 *
 * Failures are reported by throwing a `PlatformError` (see `platformError.ts`) with a
 * stable `kind`; adapters never leak a raw uni `errMsg` object.
 */

import type { PlatformInterceptors } from './interceptorTypes'

export type {
  ApiInterceptor,
  InterceptedApi,
  InterceptedCall,
  InterceptedFailure,
  InterceptedSuccess,
  InterceptedTask,
  PlatformInterceptors,
} from './interceptorTypes'

/** HTTP methods that `wx.request` supports. NOTE: there is no PATCH in mini programs. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD' | 'OPTIONS'

/**
 * A portable cancellation signal. Mini-program runtimes have no `AbortController`,
 * so the library carries its own (see `createCancelSource` in the http folder).
 */
export interface CancelSignal {
  readonly cancelled: boolean
  /** Registers `fn` to run once on cancel; returns an unregister function. */
  onCancel(fn: () => void): () => void
}

export interface TransportRequest {
  url: string
  method: HttpMethod
  headers: Record<string, string>
  /** A JSON-serialisable body, or a string sent as is. */
  data?: unknown
  timeoutMs: number
  cancel?: CancelSignal
}

export interface TransportUpload {
  url: string
  headers: Record<string, string>
  /** A temp file path from chooseAvatar / chooseImage (a blob: URL on H5). */
  filePath: string
  /** The multipart field name. */
  name: string
  formData?: Record<string, string>
  timeoutMs: number
  cancel?: CancelSignal
}

export interface TransportResponse {
  status: number
  /** Header names lower-cased. */
  headers: Record<string, string>
  /**
   * The body: parsed JSON when it parses, otherwise the raw string
   * (`''` for an empty body). The adapter never throws on a bad body.
   */
  data: unknown
}

/** What `wx.getUserProfile` resolves with, reduced to what the library uses. */
export interface UserProfileResult {
  nickName: string
  avatarUrl: string
  rawData?: string
  signature?: string
  encryptedData?: string
  iv?: string
}

export interface PrivacySetting {
  needAuthorization: boolean
  privacyContractName: string
}

/** Resolves a pending privacy request; `buttonId` names the agree button that was tapped. */
export type PrivacyResolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void

export interface PrivacyApi {
  /** Whether the running base library supports the privacy API at all. */
  readonly supported: boolean
  getSetting(): Promise<PrivacySetting>
  /** Registers the one global handler (WeChat keeps only the last one). */
  onNeedAuthorization(handler: (resolve: PrivacyResolve, info: { referrer: string }) => void): void
  openContract(): Promise<void>
}

export interface KeyValueStorage {
  /** Returns `undefined` when the key is absent (uni's sync API returns `''`). */
  get(key: string): unknown
  /** May throw a `PlatformError` of kind `storage` (quota exceeded, storage disabled). */
  set(key: string, value: unknown): void
  remove(key: string): void
}

export type NavigationMethod = 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab'

export interface NavigationInterceptor {
  /** Return `false` to stop the navigation. */
  invoke(args: { url: string }): boolean | void
}

export interface PlatformRouter {
  addInterceptor(method: NavigationMethod, interceptor: NavigationInterceptor): void
  removeInterceptor(method: NavigationMethod): void
  navigate(method: NavigationMethod, url: string): Promise<void>
  navigateBack(delta?: number): Promise<void>
  /** The page stack, bottom first, as routes with a leading slash and their query. */
  currentPages(): Array<{ route: string; query: Record<string, string> }>
}

/**
 * The uni build target the adapter runs on; pages use it to pick the right button variant. Adapters
 * for development (the emulator) report the target they run on and add `dev`.
 */
/** `h5-wechat`: an H5 build inside WeChat's browser, logging in with the official account's web OAuth. */
export type PlatformKind = 'mp-weixin' | 'h5' | 'h5-wechat'

/**
 * A one-time login code and where it comes from: `wx.login` in the mini program (the default, exchanged at
 * `/api/auth/login`), or WeChat's web OAuth in WeChat's browser (`kind: 'web'`, exchanged at `/api/auth/web-login`).
 */
export interface LoginCode {
  code: string
  kind?: 'mini-program' | 'web'
}

/** Why the library asks for a code: `interactive` is true for an explicit `login()`, false for a silent repair. */
export interface LoginRequest {
  interactive: boolean
}

/**
 * Development stand-ins for WeChat-only UI, present only on the H5 emulator adapter.
 * Real WeChat gives these through `open-type` buttons instead.
 */
export interface DevTools {
  /** A one-time phone code, as `open-type="getPhoneNumber"` would give. */
  phoneCode(phoneNumber?: string): Promise<string>
  /** Lets the user pick an image file; resolves with a temp file path for `uploadFile`. */
  chooseImage(): Promise<string>
}

export interface Platform {
  readonly kind: PlatformKind
  /**
   * Intercepts the runtime's own `request` / `uploadFile` calls, for `installRequestInterceptor`.
   * Absent on platforms without such calls (a Node test platform).
   */
  readonly interceptors?: PlatformInterceptors
  /**
   * `uni.login` / `wx.login`: a code valid 5 minutes, usable once. A redirect-based adapter (web OAuth) navigates
   * away instead and never settles in this page; the code arrives through {@link Platform.takeRedirectResult}.
   */
  login(request?: LoginRequest): Promise<LoginCode>
  /**
   * Redirect-based adapters only: called once while the session is restored at launch. Resolves with the code this
   * page load brought back from the login redirect, or null when it brought none; rejects with a `PlatformError`
   * (with a `reason`) when it brought back a refusal or a code that fails the adapter's checks.
   */
  takeRedirectResult?(): Promise<LoginCode | null>
  /** `uni.checkSession`: whether WeChat's session_key for this user is still current. */
  checkSession(): Promise<boolean>
  readonly storage: KeyValueStorage
  request(req: TransportRequest): Promise<TransportResponse>
  uploadFile(req: TransportUpload): Promise<TransportResponse>
  /** Must be called straight from a tap handler; WeChat rejects it otherwise. */
  getUserProfile(desc: string): Promise<UserProfileResult>
  /** Milliseconds since the epoch. Injected so that expiry is testable without sleeping. */
  now(): number
  readonly privacy: PrivacyApi
  readonly router: PlatformRouter
  readonly dev?: DevTools
}

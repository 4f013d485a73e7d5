/**
 * The slice of `uni` / `wx` the adapter uses, typed structurally. Keeping it this small lets the
 * adapter be tested with a stand-in object and keeps the library independent of the typings' version.
 */

/** uni's callback pair; failures carry `{ errMsg }`. */
export interface UniCallbacks<S> {
  success?: (result: S) => void
  fail?: (error: unknown) => void
}

/** A request or upload task; `abort()` makes uni call `fail` with `'…:fail abort'`. */
export interface UniTask {
  abort(): void
}

export interface UniRequestSuccess {
  statusCode: number
  data: unknown
  header?: Record<string, unknown>
}

export interface UniLike {
  login(options: { provider?: string; timeout?: number } & UniCallbacks<{ code?: string; errMsg?: string }>): void
  checkSession(options: UniCallbacks<unknown>): void
  getStorageSync(key: string): unknown
  setStorageSync(key: string, value: unknown): void
  removeStorageSync(key: string): void
  request(
    options: {
      url: string
      method: string
      header: Record<string, string>
      data?: unknown
      timeout: number
      dataType?: string
      __wxLoginStateBypass?: true
    } & UniCallbacks<UniRequestSuccess>,
  ): UniTask | undefined | void
  uploadFile(
    options: {
      url: string
      filePath: string
      name: string
      header: Record<string, string>
      formData?: Record<string, string>
      timeout: number
      __wxLoginStateBypass?: true
    } & UniCallbacks<UniRequestSuccess>,
  ): UniTask | undefined | void
  getUserProfile(
    options: { desc: string; lang?: string } & UniCallbacks<{
      userInfo: { nickName: string; avatarUrl: string }
      rawData?: string
      signature?: string
      encryptedData?: string
      iv?: string
    }>,
  ): void
  addInterceptor(method: string, interceptor: UniInterceptorHooks): void
  /** With `interceptor`, removes just its hooks; without, every interceptor of `method`. */
  removeInterceptor(method: string, interceptor?: UniInterceptorHooks): void
  navigateTo(options: { url: string } & UniCallbacks<unknown>): void
  redirectTo(options: { url: string } & UniCallbacks<unknown>): void
  reLaunch(options: { url: string } & UniCallbacks<unknown>): void
  switchTab(options: { url: string } & UniCallbacks<unknown>): void
  navigateBack(options: { delta: number } & UniCallbacks<unknown>): void
}

/**
 * The hooks of one `uni.addInterceptor` registration, as this library registers them. Navigation
 * interceptors see `{ url }`; request interceptors see the whole options object.
 */
export interface UniInterceptorHooks {
  invoke?: (args: { url: string; [key: string]: unknown }) => boolean | void
  returnValue?: (value: unknown) => unknown
}

/** WeChat's privacy API (base library 2.32.3+); absent members mean "not supported". */
export interface WxPrivacyLike {
  getPrivacySetting?(options: UniCallbacks<{ needAuthorization: boolean; privacyContractName: string }>): void
  onNeedPrivacyAuthorization?(
    handler: (resolve: (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void, info: { referrer: string }) => void,
  ): void
  openPrivacyContract?(options: UniCallbacks<unknown>): void
}

/** One entry of `getCurrentPages()`. */
export interface UniPageLike {
  route?: string
  options?: Record<string, string>
}

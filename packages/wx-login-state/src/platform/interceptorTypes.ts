/**
 * The platform's primitive for intercepting the runtime's own `request` / `uploadFile` calls, which
 * `installRequestInterceptor` builds on. Only the platform adapter touches `uni.addInterceptor`.
 */

/** The runtime APIs the library intercepts. */
export type InterceptedApi = 'request' | 'uploadFile'

/** What uni hands to `success`: WeChat's result shape (`statusCode`, `data`, `header`, `errMsg`, …). */
export interface InterceptedSuccess {
  statusCode: number
  data: unknown
  header?: Record<string, unknown>
  errMsg?: string
  [key: string]: unknown
}

/** What uni hands to `fail`: at least `{ errMsg: 'request:fail …' }`. */
export interface InterceptedFailure {
  errMsg: string
  [key: string]: unknown
}

/**
 * The options object of one intercepted call, as the runtime hands it to `invoke`: the app's fields
 * (`url`, `header`, `data`, …) plus its callbacks. In promise style the runtime has put its own
 * `success`/`fail` (the promise's resolve/reject) here, so one shape covers both call styles.
 */
export interface InterceptedCall {
  url: string
  header?: Record<string, unknown>
  success?: (result: InterceptedSuccess) => void
  fail?: (result: InterceptedFailure) => void
  complete?: (result: InterceptedSuccess | InterceptedFailure) => void
  [key: string]: unknown
}

/** The task a call returns in callback style; the methods a request library may use on it. */
export interface InterceptedTask {
  abort(): void
  onProgressUpdate?(listener: (progress: unknown) => void): void
  offProgressUpdate?(listener?: (progress: unknown) => void): void
  onHeadersReceived?(listener: (headers: unknown) => void): void
  offHeadersReceived?(listener?: (headers: unknown) => void): void
}

/**
 * One interceptor. `invoke` runs synchronously before the call and may change `call` in place;
 * returning `false` stops the call (the runtime then neither sends it nor settles its promise).
 * Deliberately synchronous: see docs/library.md on how uni runs asynchronous `invoke`s.
 */
export interface ApiInterceptor {
  invoke(call: InterceptedCall): false | void
  /**
   * Runs synchronously on what the call returned to the app (a task, a promise, or nothing for a
   * stopped call); what it returns replaces that value.
   */
  returnValue?(value: unknown): unknown
}

/** The interceptor primitive of a platform. */
export interface PlatformInterceptors {
  /**
   * Registers `interceptor` for `api` and returns the function that removes exactly it (other
   * interceptors of the app stay). Returns `null` when this runtime already holds one registered
   * through this primitive for `api`: two would re-log in and retry twice.
   */
  add(api: InterceptedApi, interceptor: ApiInterceptor): (() => void) | null
  /**
   * Calls the runtime's `api` with `call` in callback style. The call passes every interceptor of
   * the app, but not the ones registered through {@link add}: this is how a stopped or expired call
   * is sent again, and how the library's own transport stays outside its own interceptor.
   */
  send(api: InterceptedApi, call: InterceptedCall): InterceptedTask | undefined
}

// The library's public surface. Test doubles live in './testing' (import them from there) so that
// they never reach an app bundle.
export { createAuth } from './createAuth'
export {
  AuthError,
  CancelledError,
  ERROR_PREFIX,
  HttpError,
  InvalidResponseError,
  LoginFailedError,
  LoginRequiredError,
  NetworkError,
  StorageError,
  TimeoutError,
  UnsupportedPlatformError,
  isAuthError,
} from './errors'
export { PlatformError, isPlatformError, kindOfErrMsg, toPlatformError } from './platform/platformError'
export { createUniPlatform } from './platform/uniPlatform'
export { createEmulatorPlatform } from './platform/emulatorPlatform'
export { createSessionManager } from './session/sessionManager'
export { parseStoredSession, parseUser } from './session/parseUser'
export { DEFAULT_STORAGE_KEY } from './session/tokenStorage'
export { createHttpClient } from './http/httpClient'
export { createCancelSource } from './http/cancel'
export { buildURL } from './http/url'
export { createAccountApi } from './account/accountApi'
export * from './guard'
export * from './pinia'
export * from './privacy'
export * from './profile'

export type { Auth, AuthOptions } from './createAuth'
export type { AuthErrorCode } from './errors'
export type { PlatformErrorKind } from './platform/platformError'
export type { UniPlatformOptions } from './platform/uniPlatform'
export type { EmulatorPlatformOptions, EmulatorTestUser } from './platform/emulatorPlatform'
export type * from './platform/types'
export type { SessionManager, SessionManagerOptions } from './session/sessionManager'
export type { SessionEvent, SessionState, SessionStatus, StoredSession, User } from './session/types'
export type { HttpClientOptions } from './http/httpClient'
export type { ExpiryContext, HttpClient, RequestOptions, UploadOptions } from './http/types'
export type { AfterResponseContext, BeforeRequestContext, ErrorContext, HttpHooks } from './http/hooks'
export type { CancelSource } from './http/cancel'
export type { QueryParams } from './http/url'
export type { AccountApi } from './account/accountApi'

// The `wx-login-state` entry: everything an app needs, each usable from here alone. Test doubles are
// on `wx-login-state/testing` and the development emulator adapter on `wx-login-state/emulator`, so
// that neither reaches an app's build unless the app imports that entry. Adapter authors' contract and
// error helpers are on `wx-login-state/platform`, the WeChat-browser adapter on `wx-login-state/wechat-web`,
// the nickname rules alone (for a backend) on `wx-login-state/nickname`. The public surface is locked by
// the API reports in packages/wx-login-state/api/ (`npm run api:report`).
//
// NOTE: `createSessionManager` and `createHttpClient` are not exported: they are wired together by
// `createAuth` over one shared transport (so hooks and timeouts apply to every call, the login call
// included), and exporting them would make that internal seam a public contract.
// Grouped by purpose: set-up, errors, session and requests, pages and store, profile.
//
// Set-up.
export { createAuth } from './createAuth'
export { DEFAULT_ENDPOINTS } from './authOptions'
export { createUniPlatform } from './platform/uniPlatform'
export { DEFAULT_STORAGE_KEY } from './session/tokenStorage'
// Errors.
export {
  AuthError,
  BACKEND_LOGIN_FAILURE_REASONS,
  CancelledError,
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
// Session and requests.
export { parseUser } from './session/parseUser'
export { createCancelSource } from './transport/cancel'
export { installRequestInterceptor } from './interceptor'
// Pages and store.
export { createRouteGuard } from './guard'
export { defineAuthStore } from './pinia'
export { createPrivacyGate } from './privacy'
// Profile.
export { checkNickname, isAnonymousAvatarUrl, isAnonymousProfile, NICKNAME_MAX_CHARS, requestLegacyProfile } from './profile'

export type { Auth } from './createAuth'
export type { AuthEndpoints, AuthOptions } from './authOptions'
export type { UniPlatformOptions } from './platform/uniPlatform'
export type { Platform } from './platform/types'
export type {
  AuthErrorCode,
  BackendLoginFailureReason,
  ClientLoginFailureReason,
  LoginFailureReason,
} from './errors'
export type { SessionManager } from './session/sessionManager'
export type { SessionEvent, SessionState, SessionStatus, StoredSession, User } from './session/types'
export type { ExpiryContext, HttpClient, RequestOptions, UploadOptions } from './request/types'
export type { AfterResponseContext, BeforeRequestContext, ErrorContext, HttpHooks } from './transport/hooks'
export type { CancelSource } from './transport/cancel'
export type { QueryParams } from './transport/url'
export type { AccountApi, AccountEndpoints } from './account/accountApi'
export type { InterceptedAuthFailure, PublicCallOption, RequestInterceptorOptions } from './interceptor'
export type { AuthTarget } from './interceptor/types'
export type { PageUrl, RouteGuard, RouteGuardOptions } from './guard'
export type { AuthStoreDefinition, AuthStoreSetup, DefineSetupStore, ProfileUpdate } from './pinia'
export type { PrivacyGate, PrivacyGateState, PrivacyGateStatus } from './privacy'
export type { LegacyProfileResult, NicknameCheck, NicknameProblem, ProfileLike } from './profile'

// The backend description (`createAuth({ backend })`); the presets are on `wx-login-state/backends`.
export type {
  AnswerField,
  BackendAnswer,
  BackendCall,
  BackendDescription,
  ExpiryRule,
  LoginFailure,
  LoginInput,
  RefreshDescription,
  SessionFields,
  TokenPlacement,
  UserOf,
  UserReader,
  UserRule,
  UserSource,
} from './backend/types'

// `wx-login-state/platform`: what an adapter author needs to run the library on another runtime, or to call
// `uni.request` beside it: the `Platform` contract, the uni adapter to wrap, and the helpers that map a runtime's
// `{ errMsg }` failures to the library's errors. Apps that only call `createAuth` never need this entry.
export { createUniPlatform } from '../platform/uniPlatform'
export { PlatformError, isPlatformError, kindOfErrMsg, toPlatformError } from '../platform/platformError'
export { toRequestError } from '../transport/toRequestError'

export type { PlatformErrorKind } from '../platform/platformError'
export type { UniPlatformOptions } from '../platform/uniPlatform'
export type {
  ApiInterceptor,
  CancelSignal,
  DevTools,
  HttpMethod,
  InterceptedApi,
  InterceptedCall,
  InterceptedFailure,
  InterceptedSuccess,
  InterceptedTask,
  KeyValueStorage,
  LoginCode,
  LoginRequest,
  NavigationInterceptor,
  NavigationMethod,
  Platform,
  PlatformInterceptors,
  PlatformKind,
  PlatformRouter,
  PrivacyApi,
  PrivacyResolve,
  PrivacySetting,
  TransportRequest,
  TransportResponse,
  TransportUpload,
  UserProfileResult,
} from '../platform/types'

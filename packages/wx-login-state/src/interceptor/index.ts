export { installRequestInterceptor } from './installRequestInterceptor'
export type { PublicCallOption, RequestInterceptorOptions } from './installRequestInterceptor'
export type { InterceptedAuthFailure } from './interceptCall'

export { createRouteGuard } from './createRouteGuard'
export { formatPageUrl, parsePageUrl } from './pageUrl'
export type { RouteGuard, RouteGuardOptions } from './createRouteGuard'
export type { PageUrl } from './pageUrl'

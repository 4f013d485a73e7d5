// The `wx-login-state/luch-request` entry: the login state for a luch-request instance. Only an app
// that imports this entry pulls it into its build; luch-request itself is an optional peer.
export { installLuchRequestAuth } from './installLuchRequestAuth'
export type { LuchAuthOptions, LuchConfigLike, LuchRequestLike, LuchResponseLike } from './installLuchRequestAuth'

import { usageError } from '../errors'
import type { ReadyBackend } from './grantReader'

/**
 * The cheap shape check `createAuth` runs on a `backend`: an object with a name, the `login`,
 * `loginFailure` and `isSessionExpired` functions, `session.token`, `user` and `sendToken.header`.
 * Throws the `TypeError` naming the first missing option, and one asking for `defineBackend()` when the
 * description has not been through it (its readers are missing). The checks in depth (field paths, expiry
 * rules, header names, refresh) are `defineBackend()`'s, in `wx-login-state/backends`, so that an app
 * on the reference contract does not carry them.
 * @internal
 */
export function checkBackendShape(b: unknown): ReadyBackend {
  const o = (typeof b === 'object' && b !== null ? b : {}) as Partial<Record<string, Record<string, unknown>>>
  const wrong =
    b !== o ? '' :
    typeof o['name'] !== 'string' || o['name'] === '' ? '.name' :
    ['login', 'loginFailure', 'isSessionExpired'].find((name) => typeof o[name] !== 'function') ??
    (o['session']?.['token'] === undefined ? '.session.token' :
    o['user'] === undefined ? '.user' :
    typeof o['sendToken']?.['header'] !== 'string' ? '.sendToken.header' : undefined)
  if (wrong !== undefined) {
    throw usageError(`createAuth(): backend${wrong.replace(/^\w/, '.$&')} is missing or wrong; check the description with defineBackend() of wx-login-state/backends`)
  }
  // NOTE: the readers of the session fields come from defineBackend(); a spread copy of a preset drops them.
  if (typeof o['_grant'] !== 'function') throw usageError('createAuth(): backend must be built with defineBackend() of wx-login-state/backends')
  return b as ReadyBackend
}

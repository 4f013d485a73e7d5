import { validateBackend } from '../validateBackend'
import type { BackendDescription, UserRule } from '../types'

/**
 * Checks a hand-written backend description in depth and returns it unchanged: the field paths, the
 * expiry rules, the user rule, the header names and scheme, and that a `refresh` comes with a
 * `session.refreshToken`. A wrong description throws a `TypeError` naming the option, e.g.
 * `defineBackend(): backend.session.token must be a dotted path …`, at start-up rather than on the
 * first login. `createAuth` itself checks only the description's shape, so that an app on the
 * reference contract does not carry these checks; wrap your own description in `defineBackend()`.
 */
export function defineBackend<R extends UserRule>(backend: BackendDescription<R>): BackendDescription<R> {
  return validateBackend(backend) as BackendDescription<R>
}

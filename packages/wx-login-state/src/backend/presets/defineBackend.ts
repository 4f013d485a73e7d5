import { withGrantReader } from '../grantReader'
import { validateBackend } from '../validateBackend'
import type { BackendDescription, UserRule } from '../types'
import { compileGrantReader } from './compileGrantReader'

/**
 * Makes a backend description ready for `createAuth({ backend })`: checks it in depth (the field paths,
 * the expiry rules, the user rule, the header names and scheme, that a `refresh` comes with a
 * `session.refreshToken`) and compiles the readers of its `session` fields. A wrong description throws
 * a `TypeError` naming the option, e.g. `defineBackend(): backend.session.token must be a dotted path …`.
 * Returns a copy of `backend` with the readers attached; the presets are built with it. A copy made by
 * spreading (`{ ...litemallBackend, name: 'mine' }`) drops the readers: pass it to `defineBackend()`
 * again. `createAuth` checks only the shape, so that an app on the reference contract does not carry
 * these checks and readers.
 */
export function defineBackend<R extends UserRule>(backend: BackendDescription<R>): BackendDescription<R> {
  const checked = validateBackend(backend) as BackendDescription<R>
  return withGrantReader({ ...checked }, compileGrantReader(checked))
}

import type { SessionGrant } from '../session/sessionBackend'
import type { BackendAnswer, BackendDescription } from './types'

/**
 * @internal How a description reads the token and expiries of a login answer (`refresh` false) or a
 * refresh answer (`refresh` true); throws an `InvalidResponseError` naming the field. A description
 * carries its own (`defineBackend()` compiles it from the `session` fields; the reference contract has a
 * small one of its own), so the generic field and expiry readers reach only apps that use them.
 */
export type GrantReader = (answer: BackendAnswer, now: number, refresh: boolean) => SessionGrant

/** A description with the grant reader attached (not enumerable: a copy made by spreading drops it). */
export type ReadyBackend = BackendDescription & { readonly _grant: GrantReader }

/** Attaches `reader` to `backend` as its hidden `_grant` and returns it. @internal */
export function withGrantReader<B extends BackendDescription>(backend: B, reader: GrantReader): B & { readonly _grant: GrantReader } {
  return Object.defineProperty(backend, '_grant', { value: reader }) as B & { readonly _grant: GrantReader }
}

import type { Platform } from '../platform/types'
import type { ExpiryContext } from '../request/types'

/**
 * @internal What the request interceptor and the request-library adapters need from an instance:
 * the backend they guard, its expiry rule and the session's token operations. `createAuth` fills it;
 * it is not a public contract.
 */
export interface RequestAccess {
  /** As given to `createAuth`, without trailing slashes. */
  readonly baseURL: string
  readonly isSessionExpired: (ctx: ExpiryContext) => boolean
  /** `headers` with the token placed as the backend description says, replacing any spelling of that header. */
  withToken<V>(headers: Record<string, V> | undefined, token: string): Record<string, V | string>
  /** The token when a call may carry it right now, else `undefined` (restore or login running, expiring). */
  peekToken(): string | undefined
  /** The token for a protected call; waits for the restore or a login, logs in silently when allowed. */
  getToken(): Promise<string>
  /** After an expiry answer to a call sent with `staleToken`: the one shared re-login. */
  handleExpired(staleToken: string): Promise<string>
}

/** The part of `createAuth()`'s result the interceptor and the adapters use (any backend's instance). */
export interface AuthTarget {
  readonly platform: Platform
  /** @internal */
  readonly _requests: RequestAccess
}

/** Whether `auth` looks like what `createAuth()` returned (for a clear misuse error). */
export function isAuthTarget(auth: unknown): auth is AuthTarget {
  const requests = (auth as { _requests?: Partial<RequestAccess> } | null)?._requests
  return (
    typeof auth === 'object' && auth !== null && typeof requests?.peekToken === 'function' && typeof requests.getToken === 'function' &&
    typeof requests.withToken === 'function'
  )
}

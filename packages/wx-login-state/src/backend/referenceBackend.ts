import { BACKEND_LOGIN_FAILURE_REASONS, type BackendLoginFailureReason } from '../errors'
import { parseUser } from '../session/parseUser'
import { readNumber, readToken } from './answerFields'
import { withGrantReader, type GrantReader } from './grantReader'
import type { BackendAnswer, BackendDescription, LoginFailure, UserReader } from './types'

const WHERE = 'login answer'

/** The reference contract's auth paths, as `AuthOptions.endpoints` names them. */
export interface ReferencePaths {
  login: string
  webLogin: string
  logout: string
}

/**
 * The description of the reference contract (docs/api.md) over `paths`: `POST { code }` answers
 * `{ token, expiresAt (ms), user }`, the token goes in `Authorization: Bearer`, a `401` means the
 * session expired, and `401 { error: 'invalid_code' }` earns the one retry with a fresh code.
 * `createAuth` uses it when no `backend` is given, with the `endpoints` option's paths (and the
 * `isSessionExpired` option, when given). It carries its own small reader of `token` and `expiresAt`,
 * so the generic readers of `defineBackend()` stay out of an app on the reference contract.
 */
export function createReferenceBackend(
  paths: ReferencePaths,
  isSessionExpired: (answer: BackendAnswer) => boolean = ({ status }) => status === 401,
): BackendDescription<UserReader> & { readonly _grant: GrantReader } {
  const description: BackendDescription<UserReader> = {
    name: 'reference',
    login: ({ code }) => ({ path: paths.login, method: 'POST', body: { code } }),
    webLogin: ({ code }) => ({ path: paths.webLogin, method: 'POST', body: { code } }),
    loginFailure: referenceLoginFailure,
    session: { token: 'token', expiry: { at: 'expiresAt', unit: 'ms' } },
    user: { read: ({ data }) => parseUser((data as { user?: unknown } | null)?.user, 'login answer: user') },
    sendToken: { header: 'Authorization', scheme: 'Bearer' },
    isSessionExpired,
    logout: () => ({ path: paths.logout, method: 'POST' }),
  }
  return withGrantReader(description, (answer) => ({ token: readToken(answer, 'token', WHERE), expiresAt: readNumber(answer, 'expiresAt', WHERE) }))
}

/**
 * The reference contract's login failures: any non-2xx; its `error` code is the reason when it is a
 * contract code (else `backend_error`), and `401 invalid_code` earns the retry with a fresh code.
 */
export function referenceLoginFailure(answer: BackendAnswer): LoginFailure | undefined {
  if (answer.status >= 200 && answer.status < 300) return undefined
  const data = answer.data
  const raw = typeof data === 'object' && data !== null ? (data as { error?: unknown }).error : undefined
  const code = typeof raw === 'string' && /^[a-z0-9_]{1,64}$/.test(raw) ? raw : undefined
  const known = code !== undefined && (BACKEND_LOGIN_FAILURE_REASONS as readonly string[]).includes(code)
  const reason = known ? (code as BackendLoginFailureReason) : 'backend_error'
  return { reason, ...(code === undefined ? {} : { code }), retryWithFreshCode: answer.status === 401 && reason === 'invalid_code' }
}

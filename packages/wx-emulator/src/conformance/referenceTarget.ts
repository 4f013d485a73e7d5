import type { ConformanceTarget, HttpAnswer } from './ConformanceTarget'

function errorOf(answer: HttpAnswer): string | undefined {
  const body = answer.json
  if (typeof body !== 'object' || body === null) return undefined
  const error = (body as { error?: unknown }).error
  return typeof error === 'string' && error !== '' ? error : undefined
}

/**
 * The reference contract (docs/api.md): `POST /api/auth/login { code }` answers `{ token, expiresAt, user }`, the
 * token travels as `Authorization: Bearer …`, every error is `{ error, message }` with a 4xx or 5xx status, and
 * `401 { error: 'session_expired' }` is the expiry signal. `POST /api/me/phone` binds a phone number.
 */
export const referenceTarget: ConformanceTarget = {
  name: 'reference',
  login: (code) => ({ method: 'POST', path: '/api/auth/login', body: { code } }),
  readToken: (answer) => {
    if (answer.status !== 200 || typeof answer.json !== 'object' || answer.json === null) return undefined
    const token = (answer.json as { token?: unknown }).token
    return typeof token === 'string' && token !== '' ? token : undefined
  },
  authorize: (token) => ({ authorization: `Bearer ${token}` }),
  authenticatedCall: { method: 'GET', path: '/api/me' },
  isSessionExpired: (answer) => answer.status === 401 && errorOf(answer) === 'session_expired',
  isLoginFailure: (answer) => answer.status >= 400 && errorOf(answer) !== undefined,
  readError: errorOf,
  logout: (token) => ({ method: 'POST', path: '/api/auth/logout', headers: { authorization: `Bearer ${token}` } }),
  isLogoutDone: (answer) => answer.status === 204 || answer.status === 200,
  bindPhone: (token, code) => ({ method: 'POST', path: '/api/me/phone', headers: { authorization: `Bearer ${token}` }, body: { code } }),
}

import { createReferenceBackend } from '../referenceBackend'
import type { BackendDescription, UserReader } from '../types'

/**
 * The reference server's contract (docs/api.md), the default of `createAuth`: `POST /api/auth/login
 * { code }` answers `{ token, expiresAt (ms), user }`; `Authorization: Bearer`; `401` = expired.
 */
export const referenceBackend: BackendDescription<UserReader> = createReferenceBackend({
  login: '/api/auth/login',
  webLogin: '/api/auth/web-login',
  logout: '/api/auth/logout',
})

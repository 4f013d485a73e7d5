import type { HttpClient } from '@/src/auth/http/httpClient'
import type { User } from '@/src/auth/session/types'
import { parseUser } from '@/src/auth/session/parseUser'
import { auth } from './auth'

function parseMe(data: unknown): User {
  if (typeof data !== 'object' || data === null || !('user' in data)) {
    throw new TypeError('expected { user } from GET /api/me')
  }
  return parseUser((data as { user: unknown }).user)
}

/**
 * Loads the demo's protected data (`GET /api/me`) through the authenticated client, so it exercises
 * restore, silent re-login and the one retry. Rejects with the library's typed `AuthError`.
 */
export function loadProtectedData(http: HttpClient = auth.http): Promise<User> {
  return http.request({ url: '/api/me', validate: parseMe })
}

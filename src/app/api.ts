import { parseUser, type HttpClient, type User } from 'wx-login-state'
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

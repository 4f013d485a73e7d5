import { InvalidResponseError } from '../errors'
import type { HttpClient } from '../http/types'
import { parseUser } from '../session/parseUser'
import type { SessionManager } from '../session/sessionManager'
import type { User } from '../session/types'

/** The contract's `/api/me` endpoints; each validates the answer and updates the session's user. */
export interface AccountApi {
  /** `GET /api/me`. */
  me(): Promise<User>
  /** `PUT /api/me { nickname }` (mini programs have no PATCH). */
  updateNickname(nickname: string): Promise<User>
  /** Uploads the file at `filePath` to `POST /api/me/avatar`, field `file`. */
  uploadAvatar(filePath: string): Promise<User>
  /** `POST /api/me/phone { code }` with the dynamic code from `open-type="getPhoneNumber"`. */
  bindPhone(code: string): Promise<User>
}

/**
 * Creates the account API over `http`. Every answer is checked with `parseUser` (a wrong shape rejects
 * with `InvalidResponseError` and leaves the session untouched) and then stored with `session.setUser`.
 * Arguments are checked before anything is sent.
 */
export function createAccountApi(http: HttpClient, session: Pick<SessionManager, 'setUser'>): AccountApi {
  const validate = (data: unknown): User => {
    if (typeof data !== 'object' || data === null || !('user' in data)) throw new InvalidResponseError('body has no user')
    return parseUser((data as { user: unknown }).user)
  }
  const store = (user: User): User => {
    session.setUser(user)
    return user
  }
  const requireString = (value: unknown, name: string, max: number): string => {
    if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
      throw new TypeError(`[wx-login-state] ${name} must be a non-empty string of at most ${max} characters`)
    }
    return value
  }

  return {
    me: () => http.request({ url: '/api/me', validate }).then(store),
    async updateNickname(nickname) {
      // The server trims and counts characters; the client bound only stops absurd payloads early.
      requireString(nickname, 'updateNickname(nickname)', 256)
      return store(await http.request({ url: '/api/me', method: 'PUT', data: { nickname }, validate }))
    },
    async uploadAvatar(filePath) {
      requireString(filePath, 'uploadAvatar(filePath)', 4096)
      return store(await http.upload({ url: '/api/me/avatar', filePath, name: 'file', validate }))
    },
    async bindPhone(code) {
      requireString(code, 'bindPhone(code)', 512)
      return store(await http.request({ url: '/api/me/phone', method: 'POST', data: { code }, validate }))
    },
  }
}

import { InvalidResponseError, usageError } from '../errors'
import type { HttpClient } from '../request/types'
import { parseUser } from '../session/parseUser'
import type { SessionManager } from '../session/sessionManager'
import type { User } from '../session/types'

/**
 * The contract's account endpoints (`/api/me…` by default, see {@link AccountEndpoints}); each
 * validates the answer and updates the session's user.
 */
export interface AccountApi {
  /** `GET` the `me` endpoint. */
  me(): Promise<User>
  /** `PUT { nickname }` to the `me` endpoint (mini programs have no PATCH). */
  updateNickname(nickname: string): Promise<User>
  /** Uploads the file at `filePath` to the `avatar` endpoint (multipart `POST`, field `file`). */
  uploadAvatar(filePath: string): Promise<User>
  /** `POST { code }` to the `phone` endpoint with the dynamic code from `open-type="getPhoneNumber"`. */
  bindPhone(code: string): Promise<User>
}

/** The account endpoints, as paths joined to the request client's base URL (or absolute URLs). */
export interface AccountEndpoints {
  /** Default `'/api/me'`: `GET` answers `{ user }`; `PUT { nickname }` changes the nickname. */
  me: string
  /** Default `'/api/me/avatar'`: multipart `POST`, file field `file`. */
  avatar: string
  /** Default `'/api/me/phone'`: `POST { code }` with the `getPhoneNumber` code. */
  phone: string
}

/** What {@link createAccountApi} works over. */
export interface AccountApiDeps {
  http: HttpClient
  session: Pick<SessionManager, 'setUser'>
  endpoints: AccountEndpoints
}

/**
 * Creates the account API over `http` and the configured `endpoints`. Every answer is checked with
 * `parseUser` (a wrong shape rejects with `InvalidResponseError` and leaves the session untouched)
 * and then stored with `session.setUser`. Arguments are checked before anything is sent.
 */
export function createAccountApi({ http, session, endpoints }: AccountApiDeps): AccountApi {
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
      throw usageError(`${name} must be a non-empty string of at most ${max} characters`)
    }
    return value
  }

  return {
    me: () => http.request({ url: endpoints.me, validate }).then(store),
    async updateNickname(nickname) {
      // The server trims and counts characters; the client bound only stops absurd payloads early.
      requireString(nickname, 'updateNickname(nickname)', 256)
      return store(await http.request({ url: endpoints.me, method: 'PUT', data: { nickname }, validate }))
    },
    async uploadAvatar(filePath) {
      requireString(filePath, 'uploadAvatar(filePath)', 4096)
      return store(await http.upload({ url: endpoints.avatar, filePath, name: 'file', validate }))
    },
    async bindPhone(code) {
      requireString(code, 'bindPhone(code)', 512)
      return store(await http.request({ url: endpoints.phone, method: 'POST', data: { code }, validate }))
    },
  }
}

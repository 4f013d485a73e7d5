import { InvalidResponseError } from '../errors'
import type { StoredSession, User } from './types'

/**
 * Checks that `data` is a user object of the HTTP contract and returns a clean copy holding only the
 * known fields. Throws an `InvalidResponseError` naming the first bad field, so that a backend bug
 * or a corrupt store never reaches the app as a half-valid user.
 */
export function parseUser(data: unknown, where = 'user'): User {
  return readUser(data, where, false)
}

/**
 * @internal `parseUser` for a persisted user, which a backend without openids (a preset's mapping)
 * may have stored with `openid: ''`.
 */
export function parseStoredUser(data: unknown, where: string): User {
  return readUser(data, where, true)
}

function readUser(data: unknown, where: string, openidMayBeEmpty: boolean): User {
  if (!isRecord(data)) throw new InvalidResponseError(`${where} is not an object`)
  const user: User = {
    id: requireString(data, 'id', where),
    openid: requireString(data, 'openid', where, openidMayBeEmpty),
    nickname: requireString(data, 'nickname', where, true),
    avatarUrl: requireString(data, 'avatarUrl', where, true),
    createdAt: requireNumber(data, 'createdAt', where),
  }
  for (const key of ['webOpenid', 'unionid', 'phoneNumber', 'countryCode'] as const) {
    const value = data[key]
    if (value === undefined || value === null) continue
    if (typeof value !== 'string') throw new InvalidResponseError(`${where}.${key} is not a string`)
    user[key] = value
  }
  return user
}

/**
 * Checks a login response (or a persisted session) `{ token, expiresAt, user }`; throws an
 * `InvalidResponseError` otherwise.
 */
export function parseStoredSession(data: unknown, where = 'login response'): StoredSession {
  if (!isRecord(data)) throw new InvalidResponseError(`${where} is not an object`)
  const token = requireString(data, 'token', where)
  // Header-safe characters only: the token goes into `Authorization` verbatim.
  if (!/^[\x21-\x7e]{1,512}$/.test(token)) throw new InvalidResponseError(`${where}.token is not a printable token`)
  return { token, expiresAt: requireNumber(data, 'expiresAt', where), user: parseUser(data['user'], `${where}.user`) }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function requireString(data: Record<string, unknown>, key: string, where: string, allowEmpty = false): string {
  const value = data[key]
  if (typeof value !== 'string' || (!allowEmpty && value.length === 0)) {
    throw new InvalidResponseError(`${where}.${key} is not a ${allowEmpty ? '' : 'non-empty '}string`)
  }
  return value
}

function requireNumber(data: Record<string, unknown>, key: string, where: string): number {
  const value = data[key]
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidResponseError(`${where}.${key} is not a finite, non-negative number`)
  }
  return value
}

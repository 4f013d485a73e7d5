import { InvalidResponseError } from '../errors'
import type { KeyValueStorage } from '../platform/types'
import { parseStoredUser } from './parseUser'
import type { SessionRecord } from './types'

/** The storage key used unless `AuthOptions.storageKey` says otherwise. */
export const DEFAULT_STORAGE_KEY = 'wx-login-state:session'

/**
 * Bumped when the persisted shape changes, so an old shape reads as "logged out" instead of crashing.
 * Version 1 is 0.2.0's `{ v, token, expiresAt, user }`; later fields (`refreshToken`, `refreshExpiresAt`,
 * the backend's name `backend`, a `null` expiry or user) are optional additions to it, so a session
 * persisted by 0.2.0 restores as it was.
 */
const FORMAT_VERSION = 1

/** Reads and writes the persisted session under one storage key. */
export interface TokenStorage {
  /** The stored session, or `null` when there is none; corrupt, foreign or another backend's content is removed. */
  load(): SessionRecord | null
  /** Persists `session`; throws the platform's error when the storage refuses (full, disabled). */
  save(session: SessionRecord): void
  clear(): void
}

/**
 * Creates a {@link TokenStorage} over `storage` for the backend named `backend`. The session is stored
 * as one versioned record so that a token can never be read without its expiry and user; a record of
 * another backend (the app changed its description) reads as "logged out", so no token is ever sent
 * to a backend that did not issue it.
 */
export function createTokenStorage(storage: KeyValueStorage, key: string = DEFAULT_STORAGE_KEY, backend = 'reference'): TokenStorage {
  function clear(): void {
    try {
      storage.remove(key)
    } catch {
      // NOTE: nothing useful can be done about a storage that cannot even remove; memory state wins.
    }
  }
  return {
    load() {
      let raw: unknown
      try {
        raw = storage.get(key)
      } catch {
        clear()
        return null
      }
      if (typeof raw !== 'object' || raw === null) {
        if (raw !== undefined && raw !== '' && raw !== null) clear()
        return null
      }
      try {
        return parseRecord(raw, backend)
      } catch {
        clear()
        return null
      }
    },
    save(session) {
      const record: Record<string, unknown> = { v: FORMAT_VERSION, token: session.token, expiresAt: session.expiresAt, user: session.user }
      if (session.refreshToken !== undefined) record['refreshToken'] = session.refreshToken
      if (session.refreshExpiresAt !== undefined) record['refreshExpiresAt'] = session.refreshExpiresAt
      // The reference contract's records stay exactly 0.2.0's shape.
      if (backend !== 'reference') record['backend'] = backend
      storage.set(key, record)
    },
    clear,
  }
}

// NOTE: load() turns any throw into "logged out", so the checks need no messages of their own.
function parseRecord(raw: unknown, backend: string): SessionRecord {
  const r = raw as Record<string, unknown>
  const time = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0)
  const { token, expiresAt, user, refreshToken, refreshExpiresAt = null } = r
  if (
    r['v'] !== FORMAT_VERSION || (r['backend'] ?? 'reference') !== backend || typeof token !== 'string' || !/^[\x21-\x7e]{1,2048}$/.test(token) ||
    !time(expiresAt) || (refreshToken !== undefined && (typeof refreshToken !== 'string' || refreshToken === '' || !time(refreshExpiresAt)))
  ) {
    throw new InvalidResponseError('stored session is not a session of this backend')
  }
  const record: SessionRecord = { token, expiresAt: expiresAt as number | null, user: user === null ? null : parseStoredUser(user, 'stored session.user') }
  if (refreshToken !== undefined) Object.assign(record, { refreshToken, refreshExpiresAt })
  return record
}

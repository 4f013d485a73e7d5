import type { KeyValueStorage } from '../platform/types'
import { parseStoredSession } from './parseUser'
import type { StoredSession } from './types'

/** The storage key used unless `AuthOptions.storageKey` says otherwise. */
export const DEFAULT_STORAGE_KEY = 'wx-login-state:session'

/** Bumped when the persisted shape changes, so an old shape reads as "logged out" instead of crashing. */
const FORMAT_VERSION = 1

/** Reads and writes the persisted session under one storage key. */
export interface TokenStorage {
  /** The stored session, or `null` when there is none; corrupt or foreign content is removed. */
  load(): StoredSession | null
  /** Persists `session`; throws the platform's error when the storage refuses (full, disabled). */
  save(session: StoredSession): void
  clear(): void
}

/**
 * Creates a {@link TokenStorage} over `storage`. The session is stored as one versioned record so that
 * a token can never be read without its expiry and user.
 */
export function createTokenStorage(storage: KeyValueStorage, key: string = DEFAULT_STORAGE_KEY): TokenStorage {
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
      if (raw === undefined || raw === '' || raw === null) return null
      try {
        if (typeof raw !== 'object' || (raw as { v?: unknown }).v !== FORMAT_VERSION) throw new Error('foreign format')
        return parseStoredSession(raw, 'stored session')
      } catch {
        clear()
        return null
      }
    },
    save(session) {
      storage.set(key, { v: FORMAT_VERSION, token: session.token, expiresAt: session.expiresAt, user: session.user })
    },
    clear,
  }
}

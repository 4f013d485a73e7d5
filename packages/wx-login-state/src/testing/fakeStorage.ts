import type { KeyValueStorage } from '../platform/types'
import { PlatformError } from '../platform/platformError'

/**
 * In-memory storage with the sync storage API's semantics: per-key, values deep-copied (as JSON, like
 * the real storage), `''` for a missing key in the raw API. Tests can inspect it, plant corrupt content
 * and make writes fail as a full storage does.
 */
export interface FakeStorage extends KeyValueStorage {
  /** What `uni.getStorageSync(key)` would return: the stored value, or `''` when absent. */
  getRaw(key: string): unknown
  /** Stores `value` as is, bypassing the copy; for planting corrupt or foreign content. */
  setRaw(key: string, value: unknown): void
  keys(): string[]
  /** While `true`, every `set` throws a `PlatformError` of kind `storage`, like a full quota. */
  full: boolean
  /** Counts successful and failed `set` calls. */
  readonly setCalls: number
}

/** Creates an empty {@link FakeStorage}. */
export function createFakeStorage(): FakeStorage {
  const data = new Map<string, unknown>()
  let setCalls = 0
  return {
    full: false,
    get setCalls() {
      return setCalls
    },
    get(key) {
      return data.has(key) ? copy(data.get(key)) : undefined
    },
    set(key, value) {
      setCalls++
      if (this.full) throw new PlatformError('storage', 'setStorageSync:fail exceed storage max size 10MB')
      // Like the real API, values that JSON cannot represent fail rather than being stored half-way.
      if (value === undefined) throw new PlatformError('failed', 'setStorageSync:fail parameter error: data is undefined')
      data.set(key, copy(value))
    },
    remove(key) {
      data.delete(key)
    },
    getRaw(key) {
      return data.has(key) ? data.get(key) : ''
    },
    setRaw(key, value) {
      data.set(key, value)
    },
    keys: () => [...data.keys()],
  }
}

function copy(value: unknown): unknown {
  const json = JSON.stringify(value) as string | undefined
  return json === undefined ? undefined : (JSON.parse(json) as unknown)
}

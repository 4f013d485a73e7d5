/**
 * A small string key-value store with expiry and compare-and-delete, enough for a shared cache entry and a lock
 * (the WeChat access token). The Redis implementation makes both work across processes; the memory one within
 * one process. Every method rejects with a ServiceUnavailableError when the backing store is unreachable.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>
  set(key: string, value: string, ttlMs: number): Promise<void>
  /** Sets the key only if it does not exist (`SET NX PX`); true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>
  /** Deletes the key only if it still holds `value`; true when this call deleted it. */
  deleteIfEquals(key: string, value: string): Promise<boolean>
}

/** WeChat's limits: 1 MB per key, 10 MB per mini program (developers.weixin.qq.com, wx.setStorageSync). */
export const STORAGE_ITEM_LIMIT = 1024 * 1024
export const STORAGE_TOTAL_LIMIT = 10 * 1024 * 1024

/** The storage of one mini program on one phone; it outlives a launch, as WeChat's does. */
export type StorageData = Map<string, string>

function sizeOf(key: string, serialized: string): number {
  return Buffer.byteLength(key) + Buffer.byteLength(serialized)
}

/**
 * WeChat's synchronous storage over `data`: values are kept serialized, so every read is a fresh
 * copy and a later change to the stored object does not reach storage; a missing key reads `''`;
 * a non-string key, a value too large for one key or for the whole storage throws an `Error` whose
 * message is the API's `errMsg`, as the base library does. `undefined` cannot be stored.
 */
export function createWxStorage(data: StorageData) {
  function used(except?: string): number {
    let total = 0
    for (const [k, v] of data) if (k !== except) total += sizeOf(k, v)
    return total
  }
  return {
    setStorageSync(key: unknown, value: unknown): void {
      if (typeof key !== 'string' || key === '') throw new Error('setStorageSync:fail parameter error: parameter.key should be String instead of ' + typeof key + ';')
      if (value === undefined) throw new Error('setStorageSync:fail parameter error: parameter.data should not be undefined;')
      const serialized = JSON.stringify({ v: value })
      if (sizeOf(key, serialized) > STORAGE_ITEM_LIMIT) throw new Error('setStorageSync:fail entry size limit reached')
      if (used(key) + sizeOf(key, serialized) > STORAGE_TOTAL_LIMIT) throw new Error('setStorageSync:fail exceed storage max size 10MB')
      data.set(key, serialized)
    },
    getStorageSync(key: unknown): unknown {
      if (typeof key !== 'string') throw new Error('getStorageSync:fail parameter error: parameter.key should be String;')
      const raw = data.get(key)
      return raw === undefined ? '' : (JSON.parse(raw) as { v: unknown }).v
    },
    removeStorageSync(key: unknown): void {
      if (typeof key !== 'string') throw new Error('removeStorageSync:fail parameter error: parameter.key should be String;')
      data.delete(key)
    },
    clearStorageSync(): void {
      data.clear()
    },
    getStorageInfoSync() {
      return { keys: [...data.keys()], currentSize: Math.ceil(used() / 1024), limitSize: STORAGE_TOTAL_LIMIT / 1024 }
    },
  }
}

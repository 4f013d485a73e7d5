/**
 * Where avatar images live. The local disk implementation is {@link LocalDiskStorage}; an object store (S3, COS,
 * OSS) can take its place by implementing these three methods and serving the files from its own URL.
 */
export interface AvatarStorage {
  /**
   * Stores `bytes` under a fresh unguessable name ending in `.ext` and returns the name. Rejects with a 507
   * `storage_full` ApiError when the bytes would take the storage past its quota; nothing is stored then.
   */
  save(bytes: Buffer, ext: string): Promise<string>
  /** Removes a stored file; removing an unknown or already removed name is not an error. */
  remove(name: string): Promise<void>
  /** True when `bytes` more would still fit the quota (a cheap check before a body is read). */
  hasRoomFor(bytes: number): boolean
}

/** The names {@link AvatarStorage.save} hands out: 32 hex digits and an image extension. */
export const STORED_NAME = /^[0-9a-f]{32}\.(?:png|jpg|webp)$/

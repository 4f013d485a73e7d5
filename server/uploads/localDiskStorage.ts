import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, statSync } from 'node:fs'
import { stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ApiError } from '../errors'
import { STORED_NAME } from './avatarStorage'
import type { AvatarStorage } from './avatarStorage'

/** The answer when the upload directory has no room left. */
export function storageFull(): ApiError {
  return new ApiError(507, 'storage_full', 'The server has no room for more uploads; try again later')
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT'
}

/**
 * {@link AvatarStorage} on a local directory with a total-size quota. The bytes in use are counted once at start
 * (the files already there) and then kept up to date by save and remove; space is reserved before a file is
 * written, so concurrent uploads cannot overshoot the quota together. Files are written with the `wx` flag
 * (never replace) and 128 random bits in the name, so uploads cannot be enumerated or overwritten.
 */
export class LocalDiskStorage implements AvatarStorage {
  private used = 0

  constructor(
    private readonly dir: string,
    private readonly maxTotalBytes: number,
  ) {
    mkdirSync(dir, { recursive: true })
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile()) this.used += statSync(join(dir, entry.name)).size
    }
  }

  /** Bytes currently stored. */
  get usedBytes(): number {
    return this.used
  }

  hasRoomFor(bytes: number): boolean {
    return this.used + bytes <= this.maxTotalBytes
  }

  async save(bytes: Buffer, ext: string): Promise<string> {
    if (!this.hasRoomFor(bytes.length)) throw storageFull()
    this.used += bytes.length
    const name = `${randomBytes(16).toString('hex')}.${ext}`
    try {
      await writeFile(join(this.dir, name), bytes, { flag: 'wx', mode: 0o644 })
    } catch (error) {
      this.used -= bytes.length
      // A full disk is the same condition as a full quota for the client.
      if ((error as { code?: unknown }).code === 'ENOSPC') throw storageFull()
      throw error
    }
    return name
  }

  async remove(name: string): Promise<void> {
    // Only names this storage handed out: never a path a stored record could smuggle in.
    if (!STORED_NAME.test(name)) return
    const path = join(this.dir, name)
    try {
      const { size } = await stat(path)
      await unlink(path)
      this.used = Math.max(0, this.used - size)
    } catch (error) {
      if (!isMissing(error)) throw error
    }
  }
}

import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Writes `bytes` under `dir` with a fresh random name and the given extension, and returns the name. The name is
 * 128 random bits, so uploads cannot be enumerated or overwritten (`wx` flag: never replace an existing file).
 */
export async function saveUpload(dir: string, bytes: Buffer, ext: string): Promise<string> {
  const name = `${randomBytes(16).toString('hex')}.${ext}`
  await writeFile(join(dir, name), bytes, { flag: 'wx', mode: 0o644 })
  return name
}

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../../server/errors'
import { LocalDiskStorage } from '../../../server/uploads/localDiskStorage'

const dirs: string[] = []
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wxls-storage-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('LocalDiskStorage', () => {
  it('counts the files already there against the quota', () => {
    const dir = freshDir()
    writeFileSync(join(dir, 'old.png'), Buffer.alloc(600))
    const storage = new LocalDiskStorage(dir, 1000)
    expect(storage.usedBytes).toBe(600)
    expect(storage.hasRoomFor(400)).toBe(true)
    expect(storage.hasRoomFor(401)).toBe(false)
  })

  it('refuses a file past the quota with 507 storage_full and writes nothing', async () => {
    const dir = freshDir()
    const storage = new LocalDiskStorage(dir, 100)
    await storage.save(Buffer.alloc(60), 'png')
    const error = await storage.save(Buffer.alloc(60), 'png').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ statusCode: 507, code: 'storage_full' })
    expect(readdirSync(dir)).toHaveLength(1)
  })

  it('reserves space before writing, so concurrent saves cannot overshoot the quota together', async () => {
    const storage = new LocalDiskStorage(freshDir(), 100)
    const results = await Promise.allSettled([0, 1, 2].map(() => storage.save(Buffer.alloc(40), 'png')))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2)
    expect(storage.usedBytes).toBe(80)
  })

  it('frees the space of a removed file, ignores unknown names and never leaves its directory', async () => {
    const dir = freshDir()
    const storage = new LocalDiskStorage(dir, 100)
    const name = await storage.save(Buffer.alloc(50), 'png')
    await storage.remove(name)
    await storage.remove(name)
    await storage.remove('../../etc/passwd')
    expect(storage.usedBytes).toBe(0)
    expect(readdirSync(dir)).toHaveLength(0)
  })
})

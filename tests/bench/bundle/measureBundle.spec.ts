import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { measureOutput, sizeOf, subtractSizes } from '../../../bench/bundle/measureBundle'

describe('measureOutput', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wxls-measure-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const write = (rel: string, content: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    writeFileSync(path.join(dir, rel), content)
  }

  it('splits a build into vendor.js, own files and the library files under packages/wx-login-state/src/', () => {
    write('app.json', '{}')
    write('common/vendor.js', 'v'.repeat(100))
    write('packages/wx-login-state/src/createAuth.js', 'a'.repeat(40))
    write('pages/index/index.js', 'p'.repeat(10))
    const out = measureOutput(dir)
    expect(out.vendor.raw).toBe(100)
    expect(out.library).toMatchObject({ files: 1, raw: 40 })
    expect(out.own).toMatchObject({ files: 3, raw: 52 })
    expect(out.total.raw).toBe(152)
    expect(out.library.gzip).toBe(sizeOf('a'.repeat(40)).gzip)
  })

  it('refuses a directory that is not a mini-program build', () => {
    write('index.html', '')
    expect(() => measureOutput(dir)).toThrow(/no app.json/)
  })

  it('subtracts a baseline field by field', () => {
    expect(subtractSizes({ files: 3, raw: 10, gzip: 5 }, { files: 1, raw: 4, gzip: 2 })).toEqual({ files: 2, raw: 6, gzip: 3 })
  })
})

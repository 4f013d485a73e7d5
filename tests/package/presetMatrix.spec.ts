/**
 * The version matrix (docs/testing.md, "Version matrix"): the official `vite-ts` preset with every `@dcloudio/*`
 * package moved to another uni version, installed with the README's commands, then the README's snippets
 * type-checked with the preset's vue-tsc and built for mp-weixin and H5. The preset's own versions are the row of
 * tests/package/freshApp.spec.ts. `PRESET_MATRIX=pinned` (or `newest`) runs one row only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPresetApp, type PresetApp } from '../../testkit/presetApp'
import { readmeSnippets } from './readmeSnippets'

const ROOT = path.resolve(import.meta.dirname, '../..')
const LIB = path.join(ROOT, 'artifacts/lib')

/** The rows beside the preset's own: the uni version this repository pins, and the newest complete release. */
export const MATRIX_ROWS = {
  // The repository's package.json pins it for every @dcloudio package.
  pinned: '3.0.0-5010420260703001',
  // `npm view @dcloudio/uni-mp-weixin dist-tags` on 2026-12-08: latest = 3.0.0-alpha-5020620260914001, and
  // @dcloudio/uni-app, uni-h5, uni-components, uni-cli-shared and vite-plugin-uni all have it.
  newest: '3.0.0-alpha-5020620260914001',
} as const

const only = process.env.PRESET_MATRIX
const rows = Object.entries(MATRIX_ROWS).filter(([name]) => only === undefined || only === '' || only.split(',').includes(name))

function tarball(): string {
  const found = existsSync(LIB) ? readdirSync(LIB).filter((f) => f.endsWith('.tgz')) : []
  if (found.length !== 1) throw new Error(`artifacts/lib should hold exactly one tarball, found ${found.length}: run npm run pack:lib`)
  return path.join(LIB, found[0] ?? '')
}

describe.sequential.each(rows)('the preset on uni %s (%s)', (_row, uni) => {
  let app: PresetApp

  beforeAll(async () => {
    app = await createPresetApp({ tarball: tarball(), uni })
    for (const [file, body] of readmeSnippets(path.join(ROOT, 'README.md')).npm) app.write(file, body)
  }, 900_000)

  afterAll(async () => {
    await app?.remove()
  }, 120_000)

  it('installs with the documented commands at uni, Vue 3.4.21 and Pinia 2.2.4', () => {
    expect([app.installed('@dcloudio/uni-mp-weixin'), app.installed('@dcloudio/vite-plugin-uni'), app.installed('vue'), app.installed('pinia')]).toEqual([
      uni,
      uni,
      '3.4.21',
      '2.2.4',
    ])
  })

  it("type-checks with the preset's vue-tsc and TypeScript", async () => {
    await app.bin('vue-tsc', ['--noEmit', '-p', 'tsconfig.json'])
  }, 240_000)

  it('builds for mp-weixin', async () => {
    await app.bin('uni', ['build', '-p', 'mp-weixin'])
    const out = path.join(app.dir, 'dist/build/mp-weixin')
    expect(existsSync(path.join(out, 'pages/index/index.wxml'))).toBe(true)
    expect(readFileSync(path.join(out, 'common/vendor.js'), 'utf8')).toContain('wx-login-state')
  }, 240_000)

  it('builds for H5', async () => {
    await app.bin('uni', ['build'])
    expect(existsSync(path.join(app.dir, 'dist/build/h5/index.html'))).toBe(true)
  }, 240_000)
})

/**
 * The library as a user gets it: the tarball and the uni_modules plugin from `npm run pack:lib`
 * (artifacts/lib/), each in a project made from DCloud's official `vite-ts` preset (its package.json and
 * tsconfig vendored in testkit/presets, installed with no lockfile, then the README's install commands),
 * with the app code taken from the README's snippets. Each variant must pass the preset's `vue-tsc --noEmit`
 * (its TypeScript, its Node 10 resolution), `uni build -p mp-weixin` and `uni build` (H5), and the
 * mini-program output must hold no emulator or test-double code. Run with `npm run test:package` (it packs first); CI runs it.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPresetApp, presetUniVersion, type PresetApp } from '../../testkit/presetApp'
import { readmeSnippets } from './readmeSnippets'

const ROOT = path.resolve(import.meta.dirname, '../..')
const LIB = path.join(ROOT, 'artifacts/lib')
const PLUGIN = path.join(LIB, 'uni_modules/wx-login-state')
const snippets = readmeSnippets(path.join(ROOT, 'README.md'))

/** Strings only the development entries contain: the emulator's URL prefix, the fake WeChat's openid. */
const DEV_ONLY_MARKERS = ['/__emulator', 'o_fake_openid_0001', 'createEmulatorPlatform', 'createFakePlatform']

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? listFiles(full) : [full]
  })
}

/** `marker near …` for every development-only string in the output folder. */
function devCodeIn(outDir: string): string[] {
  return listFiles(outDir).flatMap((file) => {
    const text = readFileSync(file, 'latin1')
    return DEV_ONLY_MARKERS.filter((m) => text.includes(m)).map((m) => `${path.relative(outDir, file)}: ${m}`)
  })
}

function tarball(): string {
  const found = existsSync(LIB) ? readdirSync(LIB).filter((f) => f.endsWith('.tgz')) : []
  if (found.length !== 1) throw new Error(`artifacts/lib should hold exactly one tarball, found ${found.length}: run npm run pack:lib`)
  return path.join(LIB, found[0] ?? '')
}

let app: PresetApp

beforeAll(async () => {
  expect(existsSync(path.join(PLUGIN, 'package.json')), 'artifacts/lib/uni_modules/wx-login-state: run npm run pack:lib').toBe(true)
  app = await createPresetApp({ tarball: tarball() })
}, 900_000)

afterAll(async () => {
  await app?.remove()
}, 120_000)

/** Writes one distribution's snippets, replacing the previous ones. */
function writeSnippets(files: Map<string, string>): void {
  for (const [file, body] of files) app.write(file, body)
}

describe.sequential('the README snippets in a fresh uni-app project', () => {
  it('cover the app: main.ts, App.vue, a page and every import the page needs', () => {
    expect([...snippets.npm.keys()]).toEqual(expect.arrayContaining(['src/main.ts', 'src/App.vue', 'src/pages/index/index.vue']))
  })

  describe.sequential('with the npm package', () => {
    beforeAll(() => writeSnippets(snippets.npm))

    it('installs from the tarball as an ES module package that Node can import', async () => {
      expect(app.installed('wx-login-state')).toBe('0.2.0')
      // The versions the documented commands must leave: uni's Vue, and the newest Pinia that accepts it.
      expect([app.installed('@dcloudio/uni-app'), app.installed('vue'), app.installed('pinia')]).toEqual([presetUniVersion(), '3.4.21', '2.2.4'])
      const script = "Promise.all(['wx-login-state', 'wx-login-state/emulator', 'wx-login-state/testing'].map((s) => import(s))).then((m) => console.log(m.map((x) => Object.keys(x).length).join(' ')))"
      const counts = (await app.node(['-e', script])).trim().split(' ').map(Number)
      expect(counts).toHaveLength(3)
      for (const count of counts) expect(count).toBeGreaterThan(0)
    })

    it("type-checks with the preset's vue-tsc and TypeScript", async () => {
      await app.bin('vue-tsc', ['--noEmit', '-p', 'tsconfig.json'])
    }, 240_000)

    it('builds for mp-weixin with no emulator or test-double code', async () => {
      await app.bin('uni', ['build', '-p', 'mp-weixin'])
      const out = path.join(app.dir, 'dist/build/mp-weixin')
      expect(existsSync(path.join(out, 'pages/index/index.wxml'))).toBe(true)
      expect(readFileSync(path.join(out, 'common/vendor.js'), 'utf8')).toContain('wx-login-state')
      expect(devCodeIn(out)).toEqual([])
    }, 240_000)

    it('builds for H5, whose production output holds no emulator code either', async () => {
      await app.bin('uni', ['build'])
      const out = path.join(app.dir, 'dist/build/h5')
      expect(existsSync(path.join(out, 'index.html'))).toBe(true)
      expect(devCodeIn(out)).toEqual([])
    }, 240_000)
  })

  describe.sequential('with the uni_modules plugin in src/uni_modules/wx-login-state', () => {
    beforeAll(() => {
      // Without the npm package, so that nothing can silently resolve to it.
      rmSync(path.join(app.dir, 'node_modules/wx-login-state'), { recursive: true, force: true })
      rmSync(path.join(app.dir, 'dist'), { recursive: true, force: true })
      cpSync(PLUGIN, path.join(app.dir, 'src/uni_modules/wx-login-state'), { recursive: true })
      writeSnippets(snippets.uniModules)
    })

    it('imports the plugin as @/uni_modules/wx-login-state only', () => {
      const sources = [...snippets.uniModules.values()].join('\n')
      expect(sources).toContain("'@/uni_modules/wx-login-state'")
      expect(sources).not.toMatch(/from\s+'wx-login-state/)
      expect(sources).toContain('<wx-privacy-popup')
    })

    it('ships built files, one per entry (each re-exporting from the one bundled module), not one per module', () => {
      const js = listFiles(PLUGIN).filter((f) => f.endsWith('.js')).map((f) => path.relative(PLUGIN, f))
      const manifest = JSON.parse(readFileSync(path.join(ROOT, 'packages/wx-login-state/package.json'), 'utf8')) as { exports: Record<string, unknown> }
      const entryCount = Object.values(manifest.exports).filter((t) => typeof t === 'object').length
      expect(js.filter((f) => f.startsWith('js_sdk/'))).toEqual(['js_sdk/wx-login-state.js'])
      expect(js.filter((f) => f.endsWith('index.js'))).toHaveLength(entryCount)
    })

    it("type-checks with the preset's vue-tsc", async () => {
      await app.bin('vue-tsc', ['--noEmit', '-p', 'tsconfig.json'])
    }, 240_000)

    it('builds for mp-weixin with the easycom popup, no empty-chunk warning and no emulator or test-double code', async () => {
      const output = await app.bin('uni', ['build', '-p', 'mp-weixin'])
      expect(output).not.toMatch(/Generated an empty chunk/)
      const out = path.join(app.dir, 'dist/build/mp-weixin')
      const popup = 'uni_modules/wx-login-state/components/wx-privacy-popup/wx-privacy-popup'
      expect(existsSync(path.join(out, `${popup}.wxml`))).toBe(true)
      const pageJson = readFileSync(path.join(out, 'pages/index/index.json'), 'utf8')
      const using = (JSON.parse(pageJson) as { usingComponents?: Record<string, string> }).usingComponents ?? {}
      expect(Object.values(using).filter((target) => target.endsWith(popup)), pageJson).toHaveLength(1)
      expect(devCodeIn(out)).toEqual([])
    }, 240_000)

    it('builds for H5', async () => {
      await app.bin('uni', ['build'])
      const out = path.join(app.dir, 'dist/build/h5')
      expect(existsSync(path.join(out, 'index.html'))).toBe(true)
      expect(devCodeIn(out)).toEqual([])
    }, 240_000)
  })
})

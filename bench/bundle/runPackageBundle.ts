import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { createFreshApp } from '../../testkit/freshApp'
import { ROOT } from './buildFixture'
import { measureOutput, subtractSizes, type ByteSize } from './measureBundle'

/** What one variant adds over the raw fixture in the fresh app's mp-weixin output. */
export interface PackageDelta {
  vendor: ByteSize
  total: ByteSize
}

/** The package bench's measurements, or the reason luch-request could not be built. */
export interface PackageBundleResult {
  tarball: { file: string; bytes: number }
  minimal: PackageDelta
  full: PackageDelta
  luch: PackageDelta | { error: string }
  luchVersion: string
  /** The package with `wx-login-state/luch-request` on a luch-request instance. */
  luchAdapter: PackageDelta | { error: string }
  /** The package with `wx-login-state/alova` on alova 3 + `@alova/adapter-uniapp`. */
  alovaAdapter: PackageDelta | { error: string }
  /** alova 3 + `@alova/adapter-uniapp` alone, its token added in `beforeRequest`. */
  alova: PackageDelta | { error: string }
  alovaVersion: string
  /** The minimal use with the yudao member-app preset of `wx-login-state/backends`. */
  preset: PackageDelta | { error: string }
}

const FIXTURES = path.join(ROOT, 'bench/fixtures')

/**
 * Packs the library (`npm run pack:lib`), installs the tarball, luch-request and alova (with its uni-app
 * adapter) into one fresh uni-app project in the CLI layout (testkit/freshApp.ts), and builds seven apps there with
 * `uni build -p mp-weixin`: the raw fixture (`uni.login`/`uni.request`), the minimal use
 * (`createAuth` + `createUniPlatform` + one request), the full use (store, guard, privacy gate and
 * popup, profile helpers, account API), luch-request and alova alone, and the package with each request-library
 * adapter (`wx-login-state/luch-request`, `wx-login-state/alova`), and the minimal use with a backend preset.
 * Each row is what a variant adds over raw.
 */
export async function runPackageBundle(log: (line: string) => void = () => {}): Promise<PackageBundleResult> {
  log('  npm run pack:lib …')
  execFileSync('npm', ['run', 'pack:lib'], { cwd: ROOT, stdio: 'ignore' })
  const lib = path.join(ROOT, 'artifacts/lib')
  const tgz = readdirSync(lib).find((f) => f.endsWith('.tgz'))
  if (tgz === undefined) throw new Error('pack:lib left no tarball')
  const version = (name: string): string => (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version
  const luchVersion = version('luch-request')
  const alovaVersion = version('alova')
  log('  installing a fresh uni-app project …')
  const app = await createFreshApp({ 'wx-login-state': `file:${path.join(lib, tgz)}`, 'luch-request': luchVersion, alova: alovaVersion, '@alova/adapter-uniapp': version('@alova/adapter-uniapp') })
  try {
    const build = async (name: string, overlays: string[]) => {
      log(`  building ${name} …`)
      const src = path.join(app.dir, 'src')
      rmSync(src, { recursive: true, force: true })
      rmSync(path.join(app.dir, 'dist'), { recursive: true, force: true })
      for (const overlay of ['raw', ...overlays]) cpSync(path.join(FIXTURES, overlay), src, { recursive: true })
      await app.bin('uni', ['build', '-p', 'mp-weixin'])
      return measureOutput(path.join(app.dir, 'dist/build/mp-weixin'))
    }
    const raw = await build('raw', [])
    const delta = (sizes: Awaited<ReturnType<typeof build>>): PackageDelta => ({ vendor: subtractSizes(sizes.vendor, raw.vendor), total: subtractSizes(sizes.total, raw.total) })
    const minimal = delta(await build('minimal', ['package/minimal']))
    const full = delta(await build('full', ['package/full']))
    // A variant that cannot be built is reported in its row rather than losing the others.
    const optional = async (name: string, overlays: string[]): Promise<PackageDelta | { error: string }> => {
      try {
        return delta(await build(name, overlays))
      } catch (error) {
        return { error: error instanceof Error ? (error.message.split('\n')[0] ?? 'build failed') : String(error) }
      }
    }
    const luch = await optional('luch-request', ['luch'])
    const luchAdapter = await optional('luch-request + adapter', ['package/luch-request'])
    const alova = await optional('alova', ['package/alova-alone'])
    const alovaAdapter = await optional('alova + adapter', ['package/alova'])
    const preset = await optional('minimal + yudao preset', ['package/preset'])
    return { tarball: { file: tgz, bytes: readFileSync(path.join(lib, tgz)).length }, minimal, full, luch, luchVersion, luchAdapter, alova, alovaAdapter, alovaVersion, preset }
  } finally {
    await app.remove()
  }
}

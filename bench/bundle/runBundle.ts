import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildMpWeixin } from './buildFixture'
import { measureOutput, subtractSizes, type ByteSize, type OutputSizes } from './measureBundle'

/** What one build adds over the raw fixture, split like the table. */
export interface BundleDelta {
  own: ByteSize
  vendor: ByteSize
  total: ByteSize
}

/** The bundle bench's measurements. */
export interface BundleResult {
  /** The library fixture over the raw fixture: the library alone for the same two calls. */
  library: BundleDelta
  /** The luch-request fixture over the raw fixture, or the reason it could not be built. */
  luch: BundleDelta | { error: string }
  /** The library's files (`packages/wx-login-state/src/**`) in the demo app's build: the figure the CI budget holds. */
  demoLibrary: ByteSize
  raw: OutputSizes
}

function delta(a: OutputSizes, b: OutputSizes): BundleDelta {
  return { own: subtractSizes(a.own, b.own), vendor: subtractSizes(a.vendor, b.vendor), total: subtractSizes(a.total, b.total) }
}

/**
 * Builds the demo app and the three fixtures (raw `uni.request`, the library, luch-request) with
 * `uni build -p mp-weixin` into a temporary directory and measures them. Sizes are deterministic, so
 * each is built once. The luch-request build may fail without failing the bench; the table says so.
 */
export async function runBundle(log: (line: string) => void = () => {}): Promise<BundleResult> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'wxls-bundle-'))
  try {
    const build = async (name: string, inputDir: string): Promise<OutputSizes> => {
      log(`  building ${name} …`)
      const out = path.join(tmp, name)
      await buildMpWeixin(inputDir, out)
      return measureOutput(out)
    }
    const demo = await build('demo app', '.')
    const raw = await build('fixture raw', 'bench/fixtures/raw')
    const library = await build('fixture library', 'bench/fixtures/library')
    let luch: BundleResult['luch']
    try {
      luch = delta(await build('fixture luch', 'bench/fixtures/luch'), raw)
    } catch (error) {
      luch = { error: error instanceof Error ? error.message.split('\n')[0] ?? 'build failed' : String(error) }
    }
    return { library: delta(library, raw), luch, demoLibrary: demo.library, raw }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

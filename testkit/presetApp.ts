/**
 * A project made from DCloud's official TypeScript preset (testkit/presets/uni-preset-vue-vite-ts, vendored with
 * its commit), installed as its user would: `npm install` of the preset's own package.json with no lockfile, then
 * the READMEs' two install commands, with no `--force` and no `--legacy-peer-deps`. Optionally moves every
 * `@dcloudio/*` package of the preset to another uni version first: that is the version matrix
 * (tests/package/presetMatrix.spec.ts, docs/testing.md).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SKELETON, makeFreshApp, run, type FreshApp } from './freshApp'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const PRESET_DIR = path.join(ROOT, 'testkit/presets/uni-preset-vue-vite-ts')

/** The preset's commit on dcloudio/uni-preset-vue, branch `vite-ts`. */
export const PRESET_COMMIT = '4a3606f568768b5e2f6491ab79250aac4fbc20cc'

/**
 * The READMEs' install commands, word for word after `npm`: first the library, then the store's Pinia with the
 * Vue that uni pins (README.md, "Install"). Kept here so that the test and the docs cannot drift apart
 * (tests/docs/readmeSnippets.spec.ts checks the READMEs contain them).
 */
export const INSTALL_PINIA_ARGS = ['install', '--save-exact', 'pinia@2.2.4', 'vue@3.4.21'] as const

interface PresetManifest {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  overrides?: Record<string, string>
}

/** The preset's package.json as vendored. */
export function presetManifest(): PresetManifest {
  return JSON.parse(readFileSync(path.join(PRESET_DIR, 'package.json'), 'utf8')) as PresetManifest
}

/** The uni version the preset pins (the version of its `@dcloudio/uni-app`). */
export function presetUniVersion(): string {
  const version = presetManifest().dependencies['@dcloudio/uni-app']
  if (version === undefined) throw new Error('the vendored preset has no @dcloudio/uni-app')
  return version
}

/**
 * The uni packages an mp-weixin and H5 project needs. Not every platform package of the preset is published at
 * every uni version (e.g. `@dcloudio/uni-app-harmony`), so a project moved to another version keeps only these.
 */
export const UNI_PACKAGES_FOR_MP_WEIXIN_AND_H5 = [
  '@dcloudio/uni-app',
  '@dcloudio/uni-components',
  '@dcloudio/uni-h5',
  '@dcloudio/uni-mp-weixin',
  '@dcloudio/uni-cli-shared',
  '@dcloudio/vite-plugin-uni',
] as const

/** `deps` with every `@dcloudio/*` entry pinned at `presetUni` moved to `uni` (the others dropped), or as is. */
function withUni(deps: Record<string, string>, presetUni: string, uni: string): Record<string, string> {
  if (uni === presetUni) return deps
  const kept: readonly string[] = UNI_PACKAGES_FOR_MP_WEIXIN_AND_H5
  return Object.fromEntries(
    Object.entries(deps).flatMap(([name, v]): Array<[string, string]> => {
      if (!name.startsWith('@dcloudio/') || v !== presetUni) return [[name, v]]
      return kept.includes(name) ? [[name, uni]] : []
    }),
  )
}

/** Options of {@link createPresetApp}. */
export interface PresetAppOptions {
  /** The library's npm tarball (`npm run pack:lib`). */
  tarball: string
  /**
   * A uni version for the `@dcloudio/*` packages the preset pins (those of {@link UNI_PACKAGES_FOR_MP_WEIXIN_AND_H5};
   * the other platforms' are left out); the preset's own versions, all of them, when left out.
   */
  uni?: string
  installTimeoutMs?: number
}

/** A preset project with the library and Pinia installed by the documented commands. */
export interface PresetApp extends FreshApp {
  /** The uni version the project was installed with. */
  readonly uni: string
  /** The installed version of `name` (its node_modules/<name>/package.json). */
  installed(name: string): string
}

/** Creates and installs the project; the caller writes the app's files and removes it when done. */
export async function createPresetApp(options: PresetAppOptions): Promise<PresetApp> {
  const timeout = options.installTimeoutMs ?? 600_000
  const manifest = presetManifest()
  const presetUni = presetUniVersion()
  const uni = options.uni ?? presetUni
  const base = makeFreshApp()
  const app: PresetApp = {
    ...base,
    uni,
    installed(name) {
      return (JSON.parse(readFileSync(path.join(base.dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version
    },
  }
  app.write(
    'package.json',
    `${JSON.stringify(
      {
        ...manifest,
        dependencies: withUni(manifest.dependencies, presetUni, uni),
        devDependencies: withUni(manifest.devDependencies, presetUni, uni),
        // NOTE: not part of the preset: the same rollup override as the repository's own package.json (the rollup
        // build whose native binary installs here, docs/testing.md). It pins Vite's bundler, not any peer.
        overrides: { ...manifest.overrides, rollup: '4.67.4' },
      },
      null,
      2,
    )}\n`,
  )
  app.write('tsconfig.json', readFileSync(path.join(PRESET_DIR, 'tsconfig.json'), 'utf8'))
  for (const [rel, text] of Object.entries(SKELETON)) if (!rel.startsWith('tsconfig')) app.write(rel, text)
  const npm = (args: readonly string[]) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], app.dir, timeout)
  try {
    await npm(['install'])
    await npm(['install', options.tarball])
    await npm(INSTALL_PINIA_ARGS)
  } catch (error) {
    await app.remove()
    throw error
  }
  return app
}

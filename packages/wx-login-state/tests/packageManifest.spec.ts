import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { libraryAliases } from '../../../scripts/librarySource'

const PACKAGE_DIR = path.resolve(import.meta.dirname, '..')
const ROOT = path.resolve(PACKAGE_DIR, '../..')
const manifest = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
  name: string
  type: string
  version: string
  sideEffects: string[]
  typesVersions: Record<string, Record<string, string[]>>
  exports: Record<string, string | { types: string; import: string }>
  files: string[]
  peerDependencies: Record<string, string>
  peerDependenciesMeta: Record<string, { optional?: boolean }>
}
const tsconfig = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } }

/** The code entries of the exports map: subpath -> the source file its compiled `import` target comes from. */
function codeEntries(): Array<[string, string]> {
  return Object.entries(manifest.exports).flatMap(([subpath, target]) => {
    if (typeof target === 'string') return []
    expect(target.import).toMatch(/^\.\/dist\/.+\.js$/)
    expect(target.types).toBe(target.import.replace(/\.js$/, '.d.ts'))
    return [[subpath, target.import.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')]]
  })
}

describe('the package manifest', () => {
  it('is the ESM package wx-login-state without side effects, vue and optional alova and luch-request as peers', () => {
    expect(manifest.name).toBe('wx-login-state')
    expect(manifest.type).toBe('module')
    // Only the components' styles are side effects; every module of the code can be dropped when unused.
    expect(manifest.sideEffects).toEqual(['./components/**/*.vue'])
    // NOTE: pinia is no peer: the library only names its types (the app hands in `defineStore`), and npm resolves
    // an optional peer's own optional peers too: pinia 2's `@vue/composition-api` wants Vue 2 and stopped
    // `npm install wx-login-state` with ERESOLVE in the official preset (docs/library.md, "Install").
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['@alova/adapter-uniapp', 'alova', 'luch-request', 'vue'])
    // Only vue is required: an app that uses neither request library pulls neither into its build.
    const optional = Object.keys(manifest.peerDependenciesMeta).filter((name) => manifest.peerDependenciesMeta[name]?.optional === true)
    expect(optional.sort()).toEqual(['@alova/adapter-uniapp', 'alova', 'luch-request'])
    expect(manifest.files).not.toContain('tests')
  })

  it('is at version 0.2.0, with a CHANGELOG entry for it in both distributions', () => {
    expect(manifest.version).toBe('0.2.0')
    expect(readFileSync(path.join(PACKAGE_DIR, 'CHANGELOG.md'), 'utf8')).toContain(`## ${manifest.version}`)
    expect(readFileSync(path.join(PACKAGE_DIR, 'uni_modules/changelog.md'), 'utf8')).toContain(`## ${manifest.version}`)
  })

  it('gives every subpath of the exports map its types for Node 10 resolution too (typesVersions)', () => {
    const expected = Object.fromEntries(
      Object.entries(manifest.exports)
        .filter(([subpath]) => subpath !== '.' && subpath !== './package.json')
        .map(([subpath, target]) => [subpath.slice(2), [typeof target === 'string' ? target : target.types]]),
    )
    expect(manifest.typesVersions).toEqual({ '*': expected })
  })

  it('maps every entry to compiled files built from existing sources', () => {
    const entries = codeEntries()
    expect(entries.map(([subpath]) => subpath)).toEqual(['.', './testing', './emulator', './alova', './luch-request', './backends', './platform', './wechat-web', './nickname'])
    for (const [, source] of entries) expect(existsSync(path.join(PACKAGE_DIR, source))).toBe(true)
  })

  it('agrees with the one source mapping of the demo (tsconfig paths, read by Vite and Vitest)', () => {
    const fromManifest = Object.fromEntries(
      codeEntries().map(([subpath, source]) => [`wx-login-state${subpath.slice(1)}`, [`./packages/wx-login-state/${source}`]]),
    )
    const fromTsconfig = Object.fromEntries(Object.entries(tsconfig.compilerOptions.paths).filter(([k]) => k === 'wx-login-state' || k.startsWith('wx-login-state/')))
    expect(fromTsconfig).toEqual({ ...fromManifest, 'wx-login-state/components/*': ['./packages/wx-login-state/components/*'] })
    expect(manifest.exports['./components/*']).toBe('./components/*')
    expect(libraryAliases().map((a) => a.find.source)).toEqual([
      '^wx-login-state$',
      '^wx-login-state\\/testing$',
      '^wx-login-state\\/emulator$',
      '^wx-login-state\\/alova$',
      '^wx-login-state\\/luch-request$',
      '^wx-login-state\\/backends$',
      '^wx-login-state\\/platform$',
      '^wx-login-state\\/wechat-web$',
      '^wx-login-state\\/nickname$',
      '^wx-login-state\\/components\\/(.+)$',
      '^wx-login-state-emulator$',
    ])
  })
})

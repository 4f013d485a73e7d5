/**
 * Builds the DCloud `uni_modules` plugin from the package's build (`dist/`) and its components, so
 * both distributions come from one source. Everything is derived from the package's `exports` map,
 * so a subpath added there reaches the plugin with no change here:
 *
 * - `.`            -> `index.js` + `index.d.ts` at the plugin root (`@/uni_modules/<id>`)
 * - `./<sub>`      -> `<sub>/index.js` + `<sub>/index.d.ts` (`@/uni_modules/<id>/<sub>`)
 * - `./components/*` -> every `components/<Name>.vue` as the easycom component
 *                     `components/wx-<name>/wx-<name>.vue` (kebab case, prefixed against name clashes)
 * - the code sits in `js_sdk/`, DCloud's folder for a plugin's JavaScript: one bundled ES module for every
 *   entry (so a class such as `LoginRequiredError` has one identity whichever entry throws it), each entry's
 *   `index.js` re-exporting its own names from it, and the `.d.ts` files as built. An app's build compiles a
 *   few files instead of one per module, and no type-only module or unused shared chunk becomes an empty chunk.
 *
 * The plugin's own `package.json` (the plugin market manifest), `readme.md` and `changelog.md` come
 * from `uni_modules/` beside this script's package, with the version taken from the package.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildSync } from 'esbuild'

/** The package manifest fields this build reads. */
interface PackageManifest {
  name: string
  version: string
  exports: Record<string, string | { types: string; import: string }>
}

const PACKAGE_DIR = path.resolve(import.meta.dirname, '..')
export const PLUGIN_ID = 'wx-login-state'
/** The plugin's one code module, in js_sdk/. */
const BUNDLE = 'wx-login-state.js'

/** `PrivacyPopup` -> `wx-privacy-popup`: the easycom name of a component file of the package. */
export function easycomName(fileBase: string): string {
  return `wx-${fileBase.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`
}

function readManifest(): PackageManifest {
  return JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as PackageManifest
}

/** A relative import specifier from `fromDir` to `target`, always starting with `./` or `../`. */
function relative(fromDir: string, target: string): string {
  const rel = path.relative(fromDir, target).split(path.sep).join('/')
  return rel.startsWith('.') ? rel : `./${rel}`
}

/**
 * Writes the plugin into `outDir` (replacing it). Needs a current `dist/` (scripts/build.ts).
 * Returns the plugin's entry subpaths and component names, for the caller's report.
 */
export async function buildPlugin(outDir: string): Promise<{ entries: string[]; components: string[] }> {
  const manifest = readManifest()
  const dist = path.join(PACKAGE_DIR, 'dist')
  if (!existsSync(path.join(dist, 'index.js'))) throw new Error(`${dist}/index.js is missing: run the package build first`)
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  const sdk = path.join(outDir, 'js_sdk')
  // Types as built; code bundled per entry below.
  cpSync(dist, sdk, { recursive: true, filter: (source) => !source.endsWith('.js') })
  const entryFiles = Object.entries(manifest.exports).flatMap(([subpath, target]) => (typeof target === 'string' ? [] : [[subpath, path.join(PACKAGE_DIR, target.import)] as const]))
  // NOTE: one module for all entries: uni's mini-program build emits every file of a uni_modules plugin as its own
  // chunk, so shared chunks that one app does not use came out empty (with a warning each). Each entry file below
  // re-exports its names from it, and the app's build keeps only what it imports.
  const bundled = buildSync({
    stdin: { contents: entryFiles.map(([, file]) => `export * from ${JSON.stringify(file)}`).join('\n'), resolveDir: dist, sourcefile: 'plugin.js' },
    outfile: path.join(sdk, BUNDLE),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    // Peers stay imports: the app's build resolves them (vue; the request libraries are only named in types).
    packages: 'external',
    legalComments: 'none',
    logLevel: 'silent',
  })
  if (bundled.errors.length > 0) throw new Error(`bundling the plugin failed: ${bundled.errors.map((e) => e.text).join('; ')}`)

  // Where each bare specifier of the package points inside the plugin, for the components' imports.
  const specifierTargets = new Map<string, string>()
  const entries: string[] = []
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target === 'string') continue
    const compiled = path.join(sdk, path.relative('dist', target.import))
    const entryDir = subpath === '.' ? outDir : path.join(outDir, subpath.slice(2))
    mkdirSync(entryDir, { recursive: true })
    const note = `// The plugin's ${subpath === '.' ? 'root' : `"${subpath.slice(2)}"`} entry; the code is in js_sdk/.\n`
    const names = Object.keys((await import(pathToFileURL(path.join(PACKAGE_DIR, target.import)).href)) as object).sort()
    writeFileSync(path.join(entryDir, 'index.js'), `${note}export { ${names.join(', ')} } from '${relative(entryDir, path.join(sdk, BUNDLE))}'\n`)
    writeFileSync(path.join(entryDir, 'index.d.ts'), `${note}export * from '${relative(entryDir, compiled).replace(/\.js$/, '')}'\n`)
    specifierTargets.set(`${manifest.name}${subpath.slice(1)}`, path.join(entryDir, 'index.js'))
    entries.push(subpath)
  }

  const components: string[] = []
  if (typeof manifest.exports['./components/*'] === 'string') {
    const sourceDir = path.join(PACKAGE_DIR, 'components')
    for (const file of readdirSync(sourceDir).filter((f) => f.endsWith('.vue'))) {
      const name = easycomName(path.basename(file, '.vue'))
      const targetDir = path.join(outDir, 'components', name)
      mkdirSync(targetDir, { recursive: true })
      // The component imports the package by name; inside the plugin that is a relative path.
      const text = readFileSync(path.join(sourceDir, file), 'utf8').replace(
        /(from\s+)(['"])([^'"]+)\2/g,
        (whole, head: string, quote: string, spec: string) => {
          const compiled = specifierTargets.get(spec)
          if (compiled !== undefined) return `${head}${quote}${relative(targetDir, compiled)}${quote}`
          if (spec === manifest.name || spec.startsWith(`${manifest.name}/`)) throw new Error(`${file} imports ${spec}, which the exports map does not name`)
          return whole
        },
      )
      writeFileSync(path.join(targetDir, `${name}.vue`), text)
      components.push(name)
    }
  }

  const meta = path.join(PACKAGE_DIR, 'uni_modules')
  const pluginManifest = JSON.parse(readFileSync(path.join(meta, 'package.json'), 'utf8')) as Record<string, unknown>
  if (pluginManifest.id !== PLUGIN_ID) throw new Error(`uni_modules/package.json: id must be "${PLUGIN_ID}"`)
  writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify({ ...pluginManifest, version: manifest.version }, null, 2)}\n`)
  const changelog = readFileSync(path.join(meta, 'changelog.md'), 'utf8')
  if (!changelog.includes(`## ${manifest.version}`)) throw new Error(`uni_modules/changelog.md has no entry for ${manifest.version}`)
  cpSync(path.join(meta, 'readme.md'), path.join(outDir, 'readme.md'))
  cpSync(path.join(meta, 'changelog.md'), path.join(outDir, 'changelog.md'))
  return { entries, components }
}

/**
 * `npm run pack:lib`: builds both distributions of the library from its one source and leaves exactly
 * one npm tarball and one DCloud plugin folder in artifacts/lib/:
 *
 *   artifacts/lib/wx-login-state-<version>.tgz     (`npm pack`; its `prepack` runs the package build)
 *   artifacts/lib/uni_modules/wx-login-state/      (packages/wx-login-state/scripts/buildPlugin.ts)
 *
 * Nothing here names an entry: the tarball follows the package's `files` and `exports`, and the plugin
 * derives its entries from the `exports` map.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PLUGIN_ID, buildPlugin } from '../packages/wx-login-state/scripts/buildPlugin'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const PACKAGE_DIR = path.join(ROOT, 'packages/wx-login-state')
export const LIB_ARTIFACTS = path.join(ROOT, 'artifacts/lib')

/** What `npm pack --json` reports for one tarball. */
interface PackReport {
  filename: string
  size: number
  unpackedSize: number
  entryCount: number
  files: Array<{ path: string }>
}

rmSync(LIB_ARTIFACTS, { recursive: true, force: true })
mkdirSync(LIB_ARTIFACTS, { recursive: true })

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const out = execFileSync(npm, ['pack', '--json', '--pack-destination', LIB_ARTIFACTS], {
  cwd: PACKAGE_DIR,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
})
// `prepack` output goes to stdout before the JSON report.
const [report] = JSON.parse(out.slice(out.indexOf('\n[') + 1)) as PackReport[]
if (report === undefined) throw new Error('npm pack reported no tarball')
const stray = report.files.map((f) => f.path).filter((p) => /(^|\/)(tests?|fixtures?|scripts|src)\//.test(p) || p.endsWith('.spec.ts'))
if (stray.length > 0) throw new Error(`the tarball holds files that must not ship: ${stray.join(', ')}`)

const plugin = await buildPlugin(path.join(LIB_ARTIFACTS, 'uni_modules', PLUGIN_ID))

const left = readdirSync(LIB_ARTIFACTS).sort()
if (left.join('\n') !== [report.filename, 'uni_modules'].sort().join('\n')) {
  throw new Error(`artifacts/lib should hold one tarball and uni_modules/, holds: ${left.join(', ')}`)
}
console.log(`✔ artifacts/lib/${report.filename}: ${report.entryCount} files, ${report.size} bytes packed, ${report.unpackedSize} unpacked`)
console.log(`✔ artifacts/lib/uni_modules/${PLUGIN_ID}/: entries ${plugin.entries.join(', ')}; easycom ${plugin.components.join(', ')}`)

/**
 * `npm run pack:emulator`: builds the WeChat emulator package (packages/wx-emulator) and leaves exactly one npm
 * tarball in artifacts/emulator/ (`npm pack`; its `prepack` runs the build). Fails when the tarball would ship
 * sources, tests or scripts, or lacks its CLI.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const PACKAGE_DIR = path.join(ROOT, 'packages/wx-emulator')
export const EMULATOR_ARTIFACTS = path.join(ROOT, 'artifacts/emulator')

/** What `npm pack --json` reports for one tarball. */
interface PackReport {
  filename: string
  size: number
  entryCount: number
  files: Array<{ path: string }>
}

rmSync(EMULATOR_ARTIFACTS, { recursive: true, force: true })
mkdirSync(EMULATOR_ARTIFACTS, { recursive: true })
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const out = execFileSync(npm, ['pack', '--json', '--pack-destination', EMULATOR_ARTIFACTS], {
  cwd: PACKAGE_DIR,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
})
// `prepack` output goes to stdout before the JSON report.
const [report] = JSON.parse(out.slice(out.indexOf('\n[') + 1)) as PackReport[]
if (report === undefined) throw new Error('npm pack reported no tarball')
const paths = report.files.map((f) => f.path)
const stray = paths.filter((p) => /(^|\/)(tests?|scripts|src)\//.test(p) || p.endsWith('.spec.ts'))
if (stray.length > 0) throw new Error(`the tarball holds files that must not ship: ${stray.join(', ')}`)
for (const needed of ['dist/main.js', 'dist/index.js', 'dist/conformance/index.js', 'README.md', 'README.zh-CN.md']) {
  if (!paths.includes(needed)) throw new Error(`the tarball lacks ${needed}`)
}
console.log(`✔ artifacts/emulator/${report.filename}: ${report.entryCount} files, ${report.size} bytes packed`)

/**
 * Checks the `build:mp-weixin` output, as CI does after the build:
 * - every page of pages.json is in app.json;
 * - project.config.json carries the appid from manifest.json;
 * - no secret ships: neither the server's secret values nor the strings `secret` / `session_key`;
 * - no development code ships: no emulator or test-double module of the library, no `/__emulator` URL;
 * - prints the byte size (raw and gzip) of the library's files in the output.
 *
 * Usage: tsx scripts/check-mp-build.ts [outDir]   (default dist/build/mp-weixin)
 * Exits 1 with one line per problem.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEV_SECRET } from '../server/emulator/devCredentials'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const outDir = path.resolve(root, process.argv[2] ?? 'dist/build/mp-weixin')

/** Reads JSON that may carry comments, as HBuilderX writes manifest.json. */
export function readJsonc(file: string): unknown {
  const text = readFileSync(file, 'utf8')
  const stripped = text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, str: string | undefined) => str ?? '')
  return JSON.parse(stripped) as unknown
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? listFiles(full) : [full]
  })
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} is not an object`)
  return value as Record<string, unknown>
}

const problems: string[] = []
if (!existsSync(path.join(outDir, 'app.json'))) {
  console.error(`✖ ${outDir}/app.json is missing: run npm run build:mp-weixin first`)
  process.exit(1)
}

// 1. Pages.
const pagesJson = asRecord(readJsonc(path.join(root, 'pages.json')), 'pages.json')
const wanted = (Array.isArray(pagesJson.pages) ? pagesJson.pages : []).map((p) => String(asRecord(p, 'page').path))
const appJson = asRecord(JSON.parse(readFileSync(path.join(outDir, 'app.json'), 'utf8')), 'app.json')
const built = Array.isArray(appJson.pages) ? appJson.pages.map(String) : []
for (const page of wanted) {
  if (!built.includes(page)) problems.push(`app.json lacks page ${page}`)
  for (const ext of ['.js', '.wxml', '.json']) {
    if (!existsSync(path.join(outDir, page + ext))) problems.push(`output lacks ${page}${ext}`)
  }
}
if (wanted.length === 0) problems.push('pages.json lists no page')

// 2. Appid.
const manifest = asRecord(readJsonc(path.join(root, 'manifest.json')), 'manifest.json')
const mpAppid = asRecord(manifest['mp-weixin'] ?? {}, 'manifest mp-weixin').appid
const projectConfig = asRecord(JSON.parse(readFileSync(path.join(outDir, 'project.config.json'), 'utf8')), 'project.config.json')
if (typeof mpAppid !== 'string' || mpAppid === '') problems.push('manifest.json has no mp-weixin appid')
else if (projectConfig.appid !== mpAppid) {
  problems.push(`project.config.json appid ${String(projectConfig.appid)} differs from manifest.json's ${mpAppid}`)
}

// 3. Secrets. The server's secret values come from its env when set, and from the dev preset.
const secretValues = [DEV_SECRET, process.env.WX_SECRET].filter((s): s is string => typeof s === 'string' && s.length >= 8)
const forbidden = [/secret/i, /session_key/i]
const files = listFiles(outDir)
for (const file of files) {
  const text = readFileSync(file, 'latin1')
  const rel = path.relative(outDir, file)
  for (const value of secretValues) if (text.includes(value)) problems.push(`${rel} contains a server secret value`)
  for (const pattern of forbidden) {
    const m = pattern.exec(text)
    if (m) problems.push(`${rel} contains "${m[0]}" near: ${JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 40))}`)
  }
}

// 4. Development code. The emulator adapter and the test doubles are on their own entries, which a
// production mini program must not contain, not even as an emptied module.
const LIBRARY_DIR = 'packages/wx-login-state/'
const DEV_ONLY = [`${LIBRARY_DIR}src/emulator/`, `${LIBRARY_DIR}src/testing/`]
const posix = (file: string) => path.relative(outDir, file).split(path.sep).join('/')
for (const file of files) {
  const rel = posix(file)
  if (DEV_ONLY.some((dir) => rel.startsWith(dir))) problems.push(`${rel} is a development-only module of the library`)
  const text = readFileSync(file, 'latin1')
  const at = text.indexOf('/__emulator')
  if (at >= 0) problems.push(`${rel} contains "/__emulator" near: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`)
}

// 5. The library's bytes in the output.
const libFiles = files.filter((f) => posix(f).startsWith(`${LIBRARY_DIR}src/`))
let raw = 0
let gz = 0
const rows = libFiles.map((f) => {
  const buf = readFileSync(f)
  const g = gzipSync(buf, { level: 9 }).length
  raw += buf.length
  gz += g
  return { file: path.relative(outDir, f), bytes: buf.length, gzip: g }
})
console.log(`mp-weixin output: ${files.length} files, ${built.length} pages (${built.join(', ')})`)
console.log(`library files in the output (${LIBRARY_DIR}src/**): ${libFiles.length}`)
if (rows.length > 0) console.table(rows)
console.log(`library total: ${raw} bytes raw, ${gz} bytes gzip (per file, level 9)`)

if (problems.length > 0) {
  for (const p of problems) console.error(`✖ ${p}`)
  process.exit(1)
}
console.log('✔ mp-weixin build checks passed')

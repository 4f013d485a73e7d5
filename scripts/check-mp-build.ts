/**
 * Checks the `build:mp-weixin` output, as CI does after the build:
 * - every page of pages.json is in app.json;
 * - project.config.json carries the appid from manifest.json;
 * - no secret ships: neither the server's secret values nor the strings `secret` / `session_key`;
 * - no development code ships: no emulator or test-double module of the library, no `/__emulator` URL;
 * - nothing contacts a host of its own: no `wx.preloadAssets` (uni's DCloud shadow image), no DCloud
 *   CDN host, no host or URL assembled at run time with `String.fromCharCode(…)`;
 * - no `queueMicrotask` (a host API that old WeChat base libraries may lack);
 * - a release build does not carry the placeholders: the appid `wx0000000000000000` or the backend
 *   `https://api.example.com`. A test build says so with `--test-build` or `MP_TEST_BUILD=1`;
 * - prints the byte size (raw and gzip) of the library's files in the output.
 *
 * Usage: tsx scripts/check-mp-build.ts [outDir] [--test-build]   (default dist/build/mp-weixin)
 * Exits 1 with one line per problem.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEV_SECRET } from '../packages/wx-emulator/src/devCredentials'
import { PLACEHOLDER_APPID, PLACEHOLDER_BACKEND } from './vite/releasePlaceholders'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const testBuild = args.includes('--test-build') || process.env.MP_TEST_BUILD === '1'
const outDir = path.resolve(root, args.find((a) => !a.startsWith('--')) ?? 'dist/build/mp-weixin')

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

// 5. No request of the runtime's own, even when its target is assembled at run time.
const hostLike = /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/|$)|:\/\//i
for (const file of files.filter((f) => f.endsWith('.js'))) {
  const text = readFileSync(file, 'utf8')
  const rel = posix(file)
  if (/\bpreloadAssets\b/.test(text)) problems.push(`${rel} calls wx.preloadAssets (uni's DCloud shadow image); is scripts/vite/noDcloudPreload.ts in vite.config.ts?`)
  const cdn = /\bcdn\d*\.dcloud\.net\.cn\b/i.exec(text)
  if (cdn) problems.push(`${rel} names DCloud's CDN (${cdn[0]})`)
  for (const m of text.matchAll(/fromCharCode\(\s*(?:\.\.\.\s*\[)?\s*((?:\d+\s*,\s*)+\d+)/g)) {
    const decoded = String.fromCharCode(...(m[1] as string).split(',').map((n) => Number(n.trim())))
    if (hostLike.test(decoded)) problems.push(`${rel} assembles "${decoded}" with String.fromCharCode at run time`)
  }
  if (/\bqueueMicrotask\b/.test(text)) problems.push(`${rel} uses queueMicrotask; use Promise.resolve().then(...)`)
}

// 6. Release placeholders.
const releaseProblems: string[] = []
if (projectConfig.appid === PLACEHOLDER_APPID) releaseProblems.push(`the appid is the placeholder ${PLACEHOLDER_APPID} (manifest.json → mp-weixin.appid)`)
if (files.some((f) => f.endsWith('.js') && readFileSync(f, 'utf8').includes(PLACEHOLDER_BACKEND))) {
  releaseProblems.push(`the backend is the placeholder ${PLACEHOLDER_BACKEND} (VITE_API_BASE_URL in .env.production)`)
}
if (testBuild) for (const p of releaseProblems) console.log(`ℹ test build: ${p}`)
else for (const p of releaseProblems) problems.push(`${p}; not releasable (pass --test-build or MP_TEST_BUILD=1 for a test build)`)

// 7. The library's bytes in the output.
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

/**
 * The library's public surface, locked: one API Extractor report per entry of the package's `exports` map, in
 * packages/wx-login-state/api/<entry>.api.md, made from the built `.d.ts` files.
 *
 *   npm run api:report   builds the package and rewrites the reports (commit them with the change)
 *   npm run api:check    builds the package and fails when a report differs from what the code exports, when an
 *                        entry has no report, or when a report names an entry that no longer exists (CI runs it)
 *
 * A report changes with every export added or removed, renamed, or retyped, so a change to the public API is
 * always visible in review. Nothing here names an entry: they come from package.json.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Extractor, ExtractorConfig, ExtractorLogLevel, type IConfigFile } from '@microsoft/api-extractor'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const PACKAGE_DIR = path.join(ROOT, 'packages/wx-login-state')
const REPORT_DIR = path.join(PACKAGE_DIR, 'api')
const TEMP_DIR = path.join(ROOT, 'artifacts/api-extractor')

interface Manifest {
  exports: Record<string, string | { types?: string }>
}

/** `[report name, .d.ts]` for every entry with types: `.` is `index`, `./luch-request` is `luch-request`. */
export function apiEntries(manifest: Manifest): Array<[string, string]> {
  return Object.entries(manifest.exports).flatMap(([subpath, target]) => {
    if (typeof target === 'string' || target.types === undefined || subpath.includes('*')) return []
    return [[subpath === '.' ? 'index' : subpath.slice(2).replace(/\//g, '-'), path.join(PACKAGE_DIR, target.types)]]
  })
}

function configFor(name: string, dts: string): IConfigFile {
  return {
    projectFolder: PACKAGE_DIR,
    mainEntryPointFilePath: dts,
    compiler: {
      overrideTsconfig: {
        compilerOptions: { target: 'ES2020', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], types: [], strict: true, skipLibCheck: true },
        include: [dts],
      },
    },
    apiReport: { enabled: true, reportFolder: REPORT_DIR, reportTempFolder: TEMP_DIR, reportFileName: `${name}.api.md` },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    messages: {
      compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
      extractorMessageReporting: {
        default: { logLevel: ExtractorLogLevel.Warning },
        // Release tags (@public/@beta) are not used: what an entry exports is public, what is marked @internal is not.
        'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
        // Types reachable from an export but not exported themselves are listed in the report, as API Extractor does.
        'ae-forgotten-export': { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
        // Members' JSDoc and {@link}s are the source's business (eslint and review), not the surface's.
        'ae-undocumented': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
        'ae-unresolved-link': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
      },
      tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
    },
  }
}

const check = process.argv.includes('--check')
execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build.ts'], { cwd: PACKAGE_DIR, stdio: 'inherit' })
mkdirSync(REPORT_DIR, { recursive: true })
rmSync(TEMP_DIR, { recursive: true, force: true })

const manifest = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as Manifest
const entries = apiEntries(manifest)
const problems: string[] = []
for (const [name, dts] of entries) {
  const config = ExtractorConfig.prepare({ configObject: configFor(name, dts), configObjectFullPath: undefined, packageJsonFullPath: path.join(PACKAGE_DIR, 'package.json') })
  if (check && !existsSync(config.reportFilePath)) {
    problems.push(`${name}: no report; run npm run api:report and commit packages/wx-login-state/api/${name}.api.md`)
    continue
  }
  const result = Extractor.invoke(config, { localBuild: !check, showVerboseMessages: false })
  if (result.apiReportChanged && check) {
    problems.push(`${name}: the exports differ from packages/wx-login-state/api/${name}.api.md (the new one is in ${path.relative(ROOT, TEMP_DIR)}/${name}.api.md); run npm run api:report, review the diff and commit it`)
  } else if (!result.succeeded) {
    problems.push(`${name}: API Extractor reported ${result.errorCount} errors`)
  }
}
const expected = new Set(entries.map(([name]) => `${name}.api.md`))
for (const file of readdirSync(REPORT_DIR)) {
  if (expected.has(file)) continue
  if (check) problems.push(`${file}: a report for an entry package.json no longer exports; run npm run api:report`)
  else rmSync(path.join(REPORT_DIR, file))
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`✖ ${problem}`)
  process.exit(1)
}
console.log(`✔ ${check ? 'checked' : 'wrote'} ${entries.length} API reports in ${path.relative(ROOT, REPORT_DIR)}: ${entries.map(([name]) => name).join(', ')}`)

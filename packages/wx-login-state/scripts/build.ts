/**
 * Builds the package into `dist/`: `tsc` emits ES2020 modules and `.d.ts` files from `src/`, then every
 * relative import gets its file extension (scripts/addJsExtensions.ts) so the output also runs under
 * Node ESM. Fails when a public `.d.ts` names a global of the uni or WeChat typings, because an app
 * would then need those type packages only to compile against this package, and when the JavaScript
 * imports `pinia`, an optional peer an app may not have.
 *
 * Usage: tsx scripts/build.ts   (from packages/wx-login-state; `npm pack` runs it as `prepack`)
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { addJsExtensions } from './addJsExtensions'

const PACKAGE_DIR = path.resolve(import.meta.dirname, '..')
const DIST = path.join(PACKAGE_DIR, 'dist')
const GLOBAL_TYPES = /\b(UniApp|UniNamespace|WechatMiniprogram)\./

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? listFiles(full) : [full]
  })
}

rmSync(DIST, { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
execFileSync(process.execPath, [tsc, '-p', path.join(PACKAGE_DIR, 'tsconfig.build.json')], { stdio: 'inherit' })
const changed = addJsExtensions(DIST)

// Pinia is an optional peer: the code may never load it (its types may name it).
const PINIA_IMPORT = /^\s*(import|export)\b[^\n]*\bfrom\s*['"]pinia['"]|^\s*import\s*['"]pinia['"]|\bimport\(\s*['"]pinia['"]\s*\)/m

const leaks = listFiles(DIST).flatMap((f) => {
  const text = readFileSync(f, 'utf8')
  const rel = path.relative(PACKAGE_DIR, f)
  if (f.endsWith('.js')) return PINIA_IMPORT.test(text) ? [`${rel} imports pinia, an optional peer`] : []
  const m = GLOBAL_TYPES.exec(text)
  return m ? [`${rel} names the global type ${m[1]}`] : []
})
if (leaks.length > 0) {
  for (const leak of leaks) console.error(`✖ ${leak}`)
  process.exit(1)
}
console.log(`✔ built ${path.relative(process.cwd(), DIST) || 'dist'}: ${listFiles(DIST).length} files, ${changed} import specifiers completed`)

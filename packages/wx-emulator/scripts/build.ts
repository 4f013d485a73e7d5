/**
 * Builds the emulator into `dist/`: `tsc` emits ES2022 modules and `.d.ts` files from `src/`, then every relative
 * import gets its file extension so the output runs under Node ESM, and the CLI entry is made executable.
 *
 * Usage: tsx scripts/build.ts   (from packages/wx-emulator; `npm pack` runs it as `prepack`)
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { addJsExtensions } from '../../wx-login-state/scripts/addJsExtensions'

const PACKAGE_DIR = path.resolve(import.meta.dirname, '..')
const DIST = path.join(PACKAGE_DIR, 'dist')

rmSync(DIST, { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
execFileSync(process.execPath, [tsc, '-p', path.join(PACKAGE_DIR, 'tsconfig.build.json')], { stdio: 'inherit' })
const changed = addJsExtensions(DIST)
const bin = path.join(DIST, 'main.js')
if (!readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')) throw new Error('dist/main.js lost its #! line')
chmodSync(bin, 0o755)
console.log(`✔ built ${path.relative(process.cwd(), DIST) || 'dist'}: ${changed} import specifiers completed`)

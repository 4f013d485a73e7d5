/**
 * Compiles the reference server to JavaScript in `dist/server/`, for `npm start` (plain `node`, no TypeScript
 * loader): first the library's package build (its `dist/`, which the server imports by the package name, as any
 * user of it would) and the emulator's package build, then `tsc` with server/tsconfig.build.json, then every relative import gets its file
 * extension (the library's own step, scripts/addJsExtensions.ts) so Node's ESM loader resolves it. The test
 * helpers (server/testing) are left out.
 *
 * Usage: npm run build:server   (then `npm start`; `npm prune --omit=dev` may follow: nothing here is needed at run time)
 */
import { execFileSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { addJsExtensions } from '../packages/wx-login-state/scripts/addJsExtensions'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const OUT = path.join(ROOT, 'dist', 'server')
const LIBRARY = path.join(ROOT, 'packages', 'wx-login-state')
const EMULATOR = path.join(ROOT, 'packages', 'wx-emulator')

const require = createRequire(import.meta.url)
const tsx = require.resolve('tsx/cli')
const tsc = require.resolve('typescript/bin/tsc')

execFileSync(process.execPath, [tsx, 'scripts/build.ts'], { cwd: LIBRARY, stdio: 'inherit' })
// The emulator's package: mounted in development, and its CLI is the standalone emulator (`npm run start:emulator`).
execFileSync(process.execPath, [tsx, 'scripts/build.ts'], { cwd: EMULATOR, stdio: 'inherit' })
rmSync(OUT, { recursive: true, force: true })
execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'server', 'tsconfig.build.json')], { stdio: 'inherit' })
const changed = addJsExtensions(OUT)
if (!existsSync(path.join(OUT, 'server.js'))) throw new Error('the build did not emit dist/server/server.js')
if (!existsSync(path.join(EMULATOR, 'dist', 'main.js'))) throw new Error('the build did not emit packages/wx-emulator/dist/main.js')
console.log(`✔ built dist/server: ${changed} import specifiers completed; start it with \`npm start\``)

/**
 * Node's ESM loader resolves relative imports only by their exact file name, while the sources (read
 * by Vite, Vitest and TypeScript in bundler mode) import `./x` and `./dir`. After `tsc`, this gives
 * every relative specifier of the emitted `.js` and `.d.ts` files its real file (`./x.js`,
 * `./dir/index.js`), so the package runs under plain Node ESM as well as in a bundler.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

// `from './x'`, `import './x'` and the `import('./x')` of type positions, in either quote style.
const RELATIVE_SPECIFIER = /(\b(?:from|import)\s*\(?\s*)(['"])(\.\.?\/[^'"]*)\2/g

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? listFiles(full) : [full]
  })
}

/** The specifier `spec`, written in `file`, completed to the emitted file it means; throws when there is none. */
export function completeSpecifier(file: string, spec: string): string {
  const base = path.resolve(path.dirname(file), spec)
  if (/\.(m?js|json)$/.test(spec) && existsSync(base)) return spec
  if (existsSync(`${base}.js`)) return `${spec}.js`
  if (existsSync(path.join(base, 'index.js'))) return `${spec.replace(/\/$/, '')}/index.js`
  throw new Error(`${file}: the import '${spec}' names no emitted file`)
}

/** Rewrites every `.js` and `.d.ts` file under `distDir` in place; returns how many specifiers changed. */
export function addJsExtensions(distDir: string): number {
  let changed = 0
  for (const file of listFiles(distDir).filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))) {
    const text = readFileSync(file, 'utf8')
    const next = text.replace(RELATIVE_SPECIFIER, (_m, head: string, quote: string, spec: string) => {
      const done = completeSpecifier(file, spec)
      if (done !== spec) changed++
      return `${head}${quote}${done}${quote}`
    })
    if (next !== text) writeFileSync(file, next)
  }
  return changed
}

/**
 * How the demo, the tests and the benches reach the library by its package name, as an app that
 * installed it would: the one mapping from the bare specifiers (`wx-login-state`,
 * `wx-login-state/emulator`, …) to the source is tsconfig.json's `paths`, read here for Vite (the uni
 * builds) and Vitest, so that all three resolve the same way.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** A Vite `resolve.alias` entry. */
export interface LibraryAlias {
  find: RegExp
  replacement: string
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const PACKAGE = 'wx-login-state'
/** The WeChat emulator's package (packages/wx-emulator), which the reference server mounts in development. */
const EMULATOR_PACKAGE = 'wx-login-state-emulator'

/**
 * The Vite aliases for every `paths` entry of tsconfig.json that names the package: an exact entry
 * becomes an exact match, a trailing `/*` entry a prefix match. Anything else (deep imports into the
 * package's source) does not resolve, as it would not for an installed package.
 */
export function libraryAliases(tsconfigFile = path.join(ROOT, 'tsconfig.json')): LibraryAlias[] {
  const tsconfig = JSON.parse(readFileSync(tsconfigFile, 'utf8')) as { compilerOptions?: { paths?: Record<string, string[]> } }
  const paths = tsconfig.compilerOptions?.paths ?? {}
  const base = path.dirname(tsconfigFile)
  return Object.entries(paths)
    .filter(([specifier]) => specifier === PACKAGE || specifier === EMULATOR_PACKAGE || specifier.startsWith(`${PACKAGE}/`))
    .map(([specifier, [target]]) => {
      if (target === undefined) throw new Error(`tsconfig.json paths["${specifier}"] has no target`)
      const escaped = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
      if (specifier.endsWith('/*')) {
        // `escaped` ends in `\/\*`: the prefix keeps its slash, and the rest is captured.
        return { find: new RegExp(`^${escaped.slice(0, -4)}/(.+)$`), replacement: `${path.resolve(base, target.slice(0, -2))}/$1` }
      }
      return { find: new RegExp(`^${escaped}$`), replacement: path.resolve(base, target) }
    })
}


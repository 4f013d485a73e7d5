/**
 * The README's snippet blocks: a fenced code block right after `<!-- snippet <path> -->` is the whole
 * file `<path>` of an app in the official CLI layout; `<!-- snippet:uni_modules <path> -->` replaces
 * that file when the library comes as the uni_modules plugin instead of the npm package. The
 * fresh-app test writes exactly these, so the README cannot drift from what builds.
 */
import { readFileSync } from 'node:fs'

/** The app's files per distribution, path -> content. */
export interface ReadmeSnippets {
  npm: Map<string, string>
  uniModules: Map<string, string>
}

const BLOCK = /<!-- snippet(:uni_modules)? (\S+) -->\r?\n```[a-z]*\r?\n([\s\S]*?)\r?\n```/g

/** The plugin's entry, where the npm snippets name the package. */
export const PLUGIN_SPECIFIER = '@/uni_modules/wx-login-state'

/**
 * Reads the snippets of `readmeFile`. The plugin's set is the npm set with every import of
 * `wx-login-state` (and its subpaths) taken from `@/uni_modules/wx-login-state`, as the README says,
 * and with the `snippet:uni_modules` blocks in place of the npm ones.
 */
export function readmeSnippets(readmeFile: string): ReadmeSnippets {
  const text = readFileSync(readmeFile, 'utf8')
  const npm = new Map<string, string>()
  const overrides = new Map<string, string>()
  for (const [, variant, file, body] of text.matchAll(BLOCK)) {
    if (file === undefined || body === undefined) continue
    const target = variant === undefined ? npm : overrides
    if (target.has(file)) throw new Error(`${readmeFile}: two snippets for ${file}`)
    target.set(file, `${body}\n`)
  }
  const uniModules = new Map<string, string>()
  for (const [file, body] of npm) uniModules.set(file, body.replace(/(from\s+)'wx-login-state(?=[/'])/g, `$1'${PLUGIN_SPECIFIER}`))
  for (const [file, body] of overrides) uniModules.set(file, body)
  return { npm, uniModules }
}

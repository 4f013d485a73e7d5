import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ConformanceTarget } from './ConformanceTarget'
import { referenceTarget } from './referenceTarget'
import { targetFromDescription } from './targetFromDescription'
import type { BackendCallLike, BackendDescriptionLike } from './targetFromDescription'

/** The presets of `wx-login-state/backends` by their `--preset` name, with the export that holds each. */
export const DESCRIPTION_PRESETS: Readonly<Record<string, string>> = {
  'ruoyi-vue-plus': 'ruoyiVuePlusBackend',
  'yudao-member': 'yudaoMemberBackend',
  litemall: 'litemallBackend',
}

/** Every name `--preset` takes. */
export const PRESET_NAMES = ['reference', ...Object.keys(DESCRIPTION_PRESETS)]

/** `GET /wx/user/index` → a call. */
export function parseCall(text: string): BackendCallLike {
  const match = /^(GET|POST|PUT|PATCH|DELETE)\s+(\/\S*)$/i.exec(text.trim())
  if (match === null) throw new TypeError(`--auth-call must be "<METHOD> /path", e.g. "GET /api/me", got "${text}"`)
  return { method: (match[1] ?? 'GET').toUpperCase(), path: match[2] ?? '/' }
}

function isDescription(value: unknown): value is BackendDescriptionLike {
  if (typeof value !== 'object' || value === null) return false
  const d = value as Record<string, unknown>
  return typeof d['name'] === 'string' && typeof d['login'] === 'function' && typeof d['loginFailure'] === 'function' && typeof d['isSessionExpired'] === 'function'
}

// wx-login-state is ESM with import-only exports, which require.resolve cannot follow: find its manifest from `from`.
async function importBackends(from: string): Promise<Record<string, unknown>> {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', 'wx-login-state', 'package.json')
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, { import?: string } | string> }
      const entry = pkg.exports?.['./backends']
      const file = typeof entry === 'object' ? entry.import : undefined
      if (file === undefined) throw new TypeError(`the wx-login-state at ${path.dirname(manifest)} has no "backends" entry: update it`)
      return (await import(pathToFileURL(path.join(path.dirname(manifest), file)).href)) as Record<string, unknown>
    }
    if (path.dirname(dir) === dir) break
  }
  throw new TypeError('--preset needs the wx-login-state package: run it as `npx -p wx-login-state -p wx-login-state-emulator wx-login-state-emulator conformance …` or install both')
}

/**
 * The target the CLI checks: `--backend <module>` (its default export, or `backend`, is a backend description; an
 * `authenticatedCall` export names a call that needs a session), else `--preset` (`reference`, built in, or a preset
 * of `wx-login-state/backends`). `--auth-call` gives the call that needs a session where the description has none.
 */
export async function loadTarget(options: { preset?: string; backend?: string; authCall?: string; cwd?: string }): Promise<ConformanceTarget> {
  const cwd = options.cwd ?? process.cwd()
  const authenticatedCall = options.authCall === undefined ? undefined : parseCall(options.authCall)
  if (options.backend !== undefined) {
    const module = (await import(pathToFileURL(path.resolve(cwd, options.backend)).href)) as Record<string, unknown>
    const description = module['default'] ?? module['backend']
    if (!isDescription(description)) throw new TypeError(`--backend ${options.backend}: its default export (or "backend") is not a backend description`)
    const fromModule = module['authenticatedCall'] as BackendCallLike | undefined
    const call = authenticatedCall ?? fromModule
    return targetFromDescription(description, call === undefined ? {} : { authenticatedCall: call })
  }
  const preset = options.preset ?? 'reference'
  if (preset === 'reference') return referenceTarget
  const exportName = DESCRIPTION_PRESETS[preset]
  if (exportName === undefined) throw new TypeError(`--preset must be one of ${PRESET_NAMES.join(', ')}, got "${preset}"`)
  const description = (await importBackends(cwd))[exportName]
  if (!isDescription(description)) throw new TypeError(`wx-login-state/backends has no ${exportName}: update wx-login-state`)
  return targetFromDescription(description, authenticatedCall === undefined ? {} : { authenticatedCall })
}

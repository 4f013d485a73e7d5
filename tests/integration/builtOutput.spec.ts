/**
 * Scans the built client bundles (every folder under dist/build: mp-weixin, h5, and the e2e H5 build when
 * present) for what must never ship: the server's secret values, session_key fields, and calls to
 * WeChat's server APIs (jscode2session belongs to the backend). It scans what the builds left, so
 * `npm test` skips it with a one-line note when nothing is built; `npm run test:built` builds both and
 * runs it, and so does CI, where a missing build fails instead of skipping (REQUIRE_BUILT_OUTPUT=1).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config'
import { DEV_OA_SECRET, DEV_SECRET } from '../../packages/wx-emulator/src/devCredentials'

const BUILD_ROOT = path.resolve(import.meta.dirname, '../../dist/build')
const outputs = existsSync(BUILD_ROOT) ? readdirSync(BUILD_ROOT).filter((d) => statSync(path.join(BUILD_ROOT, d)).isDirectory()) : []
const REQUIRED = ['mp-weixin', 'h5']
// Set by .ci/run and `npm run test:built`, which run this after the builds: skipping there would hide a missing build.
if (process.env['REQUIRE_BUILT_OUTPUT'] === '1') {
  const missing = REQUIRED.filter((out) => !outputs.includes(out))
  if (missing.length > 0) throw new Error(`[builtOutput] CI must scan real builds, but dist/build lacks ${missing.join(', ')}: run npm run test:built`)
} else if (outputs.length === 0) {
  console.warn('[builtOutput] nothing built to scan, skipped: npm run test:built builds mp-weixin and H5 and scans them.')
}

// The dev preset's secret, and the real one when this machine has it configured.
const secretValues = [DEV_SECRET, DEV_OA_SECRET, loadConfig({ NODE_ENV: 'test' }).secret, process.env['WX_SECRET'], process.env['WX_OA_SECRET']].filter((s): s is string => typeof s === 'string' && s.length >= 8)
const forbidden: Array<[RegExp, string]> = [
  [/session_?key/i, 'a session_key field'],
  [/jscode2session/i, 'a call to jscode2session'],
  [/api\.weixin\.qq\.com/i, "WeChat's server API host"],
  [/\/cgi-bin\/(stable_)?token/i, "WeChat's access-token API"],
  [/sns\/oauth2\/access_token|sns\/userinfo/i, "WeChat's web OAuth token exchange (the server's job)"],
]

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? listFiles(full) : [full]
  })
}

describe.skipIf(outputs.length === 0)('built client output', () => {
  it.each(outputs)('dist/build/%s ships no secret, no session_key and no WeChat server API call', (out) => {
    const dir = path.join(BUILD_ROOT, out)
    const files = listFiles(dir).filter((f) => /\.(js|mjs|cjs|json|html|wxml|wxs|css|wxss|map)$/.test(f))
    expect(files.length).toBeGreaterThan(0)
    const problems: string[] = []
    for (const file of files) {
      const text = readFileSync(file, 'latin1')
      const rel = path.relative(dir, file)
      for (const value of secretValues) if (text.includes(value)) problems.push(`${rel}: a server secret value`)
      for (const [pattern, what] of forbidden) if (pattern.test(text)) problems.push(`${rel}: ${what}`)
    }
    expect(problems).toEqual([])
  })
})

const h5Outputs = outputs.filter((out) => out.includes('h5'))

describe.skipIf(h5Outputs.length === 0)('built H5 styles', () => {
  // uni-h5 preloads navigation-bar shadow images from DCloud's CDN; vite.config.ts drops them, since the app's
  // pages talk to nobody but their own backend.
  it.each(h5Outputs)('dist/build/%s loads no stylesheet image from another host', (out) => {
    const dir = path.join(BUILD_ROOT, out)
    const css = listFiles(dir).filter((f) => f.endsWith('.css'))
    expect(css.length).toBeGreaterThan(0)
    const remote = css.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/url\(\s*['"]?(https?:)?\/\/[^)]*\)/g)].map((m) => `${path.relative(dir, f)}: ${m[0]}`))
    expect(remote).toEqual([])
  })
})

import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { mpEnv } from './helpers/mpEnv'

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Runs `npm run check:mp-weixin` (scripts/check-mp-build.ts) over `outDir` and returns its exit code and output. */
function checkMpBuild(outDir: string, ...flags: string[]): { status: number | null; output: string } {
  const tsx = path.join(rootDir, 'node_modules', '.bin', 'tsx')
  const env = { ...process.env }
  delete env.MP_TEST_BUILD
  const run = spawnSync(tsx, [path.join(rootDir, 'scripts', 'check-mp-build.ts'), outDir, ...flags], { cwd: rootDir, env, encoding: 'utf8', timeout: 60_000 })
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` }
}

// The build the other spec files drive is the production mini program with another backend: the
// static release checks must hold for it as well, or the suite would be testing a different app.
describe('the mini program the suite runs', () => {
  it('passes check:mp-weixin as a test build: no emulator code, no foreign host, no secret', () => {
    const { status, output } = checkMpBuild(mpEnv().outDir, '--test-build')
    expect(output).toContain('mp-weixin build checks passed')
    expect(status).toBe(0)
  })

  it('is refused as a release without the test-build flag, for its placeholder appid', () => {
    const { status, output } = checkMpBuild(mpEnv().outDir)
    expect(output).toMatch(/the appid is the placeholder wx0000000000000000[^\n]*not releasable/)
    expect(status).toBe(1)
  })
})

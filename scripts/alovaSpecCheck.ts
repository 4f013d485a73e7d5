/**
 * Runs alova's own `createServerTokenAuthentication` spec, unchanged, twice: on alova's implementation and on
 * `wx-login-state/alova` through testkit/alova/serverTokenAuthentication.ts (the only change is where the spec's
 * import of `createServerTokenAuthentication` resolves). Nothing of alova is copied into this repository: the
 * spec and its helpers are read from an alova checkout and run in a scratch folder outside the repository.
 *
 *   git clone https://github.com/alovajs/alova && git -C alova checkout 14b77c05
 *   npx tsx scripts/alovaSpecCheck.ts ./alova [/tmp/alova-spec-check]
 *
 * Prints, per run, the passed/failed counts and each failing case's first assertion message; exits 0 when both
 * runs finished (the counts are the result, see docs/testing.md "alova's own spec").
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** The alova commit the expected counts in docs/testing.md were taken at (alova 3.5.5). */
export const ALOVA_COMMIT = '14b77c05'
const SPEC = 'packages/client/test/functions/createServerTokenAuthentication.spec.ts'
/** The spec and everything it imports from alova's repository. */
const FILES = [SPEC, 'packages/client/test/mockData.ts', 'internal/testUtils.ts', 'internal/mockServer.ts', 'internal/vitest.setup.ts']
/** What the spec imports from packages, at the versions alova 3.5.5 was tested with. */
const DEV_DEPENDENCIES = ['alova@3.5.5', '@alova/mock@2.0.20', 'msw@2', 'vitest@3.2.4', 'jsdom@26.1.0', 'vue@3.4.21', '@testing-library/jest-dom@6']

const repoRoot = path.resolve(import.meta.dirname, '..')
const lib = (p: string) => path.join(repoRoot, 'packages/wx-login-state/src', p)

/** The vitest config: alova's own aliases (`@`, `root`, `~`), its setup file and jsdom, plus `wx-login-state/*` → this repo. */
function vitestConfig(work: string): string {
  const j = JSON.stringify
  return `import { defineConfig } from 'vitest/config'
export default defineConfig({
  resolve: {
    // One alova for the spec and the wiring (which lives in this repository, next to its own alova).
    dedupe: ['alova', 'vue'],
    alias: [
      { find: /^@\\/statesHook\\/vue$/, replacement: 'alova/vue' },
      { find: /^@\\//, replacement: ${j(path.join(work, 'glue/'))} },
      { find: /^root\\//, replacement: ${j(path.join(work, 'alova/internal/'))} },
      { find: /^\\.\\.\\/packages\\/alova\\/src$/, replacement: 'alova' },
      { find: /^wx-login-state$/, replacement: ${j(lib('index.ts'))} },
      { find: /^wx-login-state\\/alova$/, replacement: ${j(lib('alova/index.ts'))} },
      { find: /^wx-login-state\\/testing$/, replacement: ${j(lib('testing/index.ts'))} },
    ],
  },
  test: {
    root: ${j(work)},
    include: [${j(path.join('alova', SPEC))}],
    environment: 'jsdom',
    globals: true,
    setupFiles: [${j(path.join(work, 'alova/internal/vitest.setup.ts'))}],
  },
})
`
}

/** The module the spec's `@/functions/tokenAuthentication/createTokenAuthentication` import resolves to. */
function glue(work: string, target: Target): string {
  if (target === 'alova') return `export { createServerTokenAuthentication } from 'alova/client'\n`
  return `import { mockRequestAdapter } from ${JSON.stringify(path.join(work, 'alova/packages/client/test/mockData'))}
import { wireServerTokenAuthentication } from ${JSON.stringify(path.join(repoRoot, 'testkit/alova/serverTokenAuthentication'))}
export const createServerTokenAuthentication = wireServerTokenAuthentication(mockRequestAdapter, ${JSON.stringify(DEVICES[target])})
`
}

/** alova's own implementation, then the adapter on the three devices of testkit/alova/serverTokenAuthentication.ts. */
const TARGETS = ['alova', 'adapter, fresh device', 'adapter, expired session', 'adapter, logged-out device'] as const
/** The wiring's device for each adapter run. */
const DEVICES = { 'adapter, fresh device': 'fresh', 'adapter, expired session': 'expired', 'adapter, logged-out device': 'logged-out' } as const
type Target = (typeof TARGETS)[number]

interface Outcome {
  passed: number
  failed: number
  failures: Array<{ name: string; message: string }>
}

function run(work: string, target: Target): Outcome {
  const glueFile = path.join(work, 'glue/functions/tokenAuthentication/createTokenAuthentication.ts')
  mkdirSync(path.dirname(glueFile), { recursive: true })
  writeFileSync(glueFile, glue(work, target))
  const report = path.join(work, `report-${target.replace(/\W+/g, '-')}.json`)
  spawnSync('npx', ['vitest', 'run', '--config', 'vitest.config.mts', '--reporter=json', `--outputFile=${report}`], { cwd: work, stdio: 'inherit' })
  const json = JSON.parse(readFileSync(report, 'utf8')) as { testResults: Array<{ assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }> }
  const cases = json.testResults.flatMap((file) => file.assertionResults)
  if (cases.length === 0) throw new Error(`the ${target} run collected no case: see vitest's output above`)
  const failing = cases.filter((c) => c.status !== 'passed')
  return {
    passed: cases.length - failing.length,
    failed: failing.length,
    failures: failing.map((c) => ({ name: c.title, message: (c.failureMessages[0] ?? '').split('\n')[0] ?? '' })),
  }
}

function main(): void {
  const [checkout, workArg] = process.argv.slice(2)
  if (checkout === undefined) throw new Error('usage: npx tsx scripts/alovaSpecCheck.ts <alova checkout> [work dir]')
  const work = path.resolve(workArg ?? '/tmp/alova-spec-check')
  if (work.startsWith(repoRoot)) throw new Error('the work dir must be outside this repository (alova code is not committed here)')
  for (const file of FILES) {
    const from = path.join(checkout, file)
    if (!existsSync(from)) throw new Error(`${from} is missing: is ${checkout} an alova checkout at ${ALOVA_COMMIT}?`)
    mkdirSync(path.dirname(path.join(work, 'alova', file)), { recursive: true })
    cpSync(from, path.join(work, 'alova', file))
  }
  if (!existsSync(path.join(work, 'node_modules/alova'))) {
    writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'alova-spec-check', private: true, type: 'module', overrides: { rollup: '4.67.4' } }))
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '-D', ...DEV_DEPENDENCIES], { cwd: work, stdio: 'inherit' })
  }
  writeFileSync(path.join(work, 'vitest.config.mts'), vitestConfig(work))
  for (const target of TARGETS) {
    const outcome = run(work, target)
    console.log(`\n${target === 'alova' ? "alova's createServerTokenAuthentication" : `wx-login-state/alova (${target.slice('adapter, '.length)})`}: ${outcome.passed} passed, ${outcome.failed} failed`)
    for (const failure of outcome.failures) console.log(`  ✗ ${failure.name}\n      ${failure.message}`)
  }
}

main()

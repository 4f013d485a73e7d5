/**
 * The soak: the CI properties at soak scale, then storms until the time budget is spent. Loopback only.
 *
 * 1. Fuzz: the server endpoint suites (tests/server/fuzz) and the client response suite (packages/wx-login-state/tests/fuzz)
 *    with FUZZ_RUNS cases each (default 50,000), through vitest, counting every case run.
 * 2. Storms, until SOAK_SECONDS (default 300, at most 600) have passed since the start: each storm sends
 *    SOAK_STORM_SIZE (default 1000) concurrent requests from one client while the session expires on the
 *    server halfway; every 5th round restarts the server (memory store, all sessions lost) instead and
 *    checks that a burst recovers with one silent re-login. Every round must lose 0 requests and log in once.
 * 3. Shutdowns without a proxy: SOAK_SHUTDOWNS (default 10) times, a `server/server.ts` process under 20
 *    keep-alive clients gets SIGTERM; every request must be answered 200 or 503 with `Retry-After`, never reset.
 * 4. The leak watch over every body and log line of the storms.
 *
 * Usage: npm run soak   (SOAK_SECONDS=600 FUZZ_RUNS=100000 SOAK_STORM_SIZE=2000 SOAK_SHUTDOWNS=50 npm run soak)
 * Exits 1 when any property, storm or leak check fails; prints the counts either way.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startHarness } from '../testkit/harness'
import { sigtermUnderLoad } from '../testkit/shutdownLoad'
import { runStorm } from '../testkit/storm'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const started = performance.now()

function positiveInt(name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > max) {
    console.error(`soak: ${name} must be an integer from 1 to ${max}, got "${raw}"`)
    process.exit(2)
  }
  return n
}

const seconds = positiveInt('SOAK_SECONDS', 300, 600)
const fuzzRuns = positiveInt('FUZZ_RUNS', 50_000)
const stormSize = positiveInt('SOAK_STORM_SIZE', 1_000, 20_000)
const shutdownRuns = positiveInt('SOAK_SHUTDOWNS', 10, 1_000)
const elapsedSec = (): number => (performance.now() - started) / 1000
const failures: string[] = []

// 1. Fuzz at soak scale, the very properties CI runs.
const reportDir = mkdtempSync(path.join(tmpdir(), 'wxls-soak-'))
const report = path.join(reportDir, 'fuzz.jsonl')
console.log(`== fuzz: FUZZ_RUNS=${fuzzRuns} per suite`)
const fuzzStarted = performance.now()
const vitest = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'tests/server/fuzz', 'packages/wx-login-state/tests/fuzz', '--testTimeout', String(seconds * 1000), '--reporter', 'dot'],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, FUZZ_RUNS: String(fuzzRuns), FUZZ_REPORT: report } },
)
const fuzzSeconds = (performance.now() - fuzzStarted) / 1000
if (vitest.status !== 0) failures.push(`fuzz suites failed (vitest exit ${vitest.status})`)
let serverCases = 0
let clientCases = 0
try {
  for (const line of readFileSync(report, 'utf8').split('\n').filter(Boolean)) {
    const entry = JSON.parse(line) as { suite: string; total: number }
    if (entry.suite.startsWith('server:')) serverCases += entry.total
    else clientCases += entry.total
  }
} catch {
  failures.push('fuzz suites wrote no report')
}
rmSync(reportDir, { recursive: true, force: true })

// 2. SIGTERM under keep-alive load, no proxy in between.
console.log(`== shutdowns: ${shutdownRuns} SIGTERMs, 20 keep-alive clients each`)
const shutdowns = { runs: 0, ok: 0, shed: 0, refused: 0, resets: 0, other: 0 }
const shutdownDir = mkdtempSync(path.join(tmpdir(), 'wxls-soak-uploads-'))
for (let i = 0; i < shutdownRuns; i++) {
  const run = await sigtermUnderLoad({ clients: 20, loadMs: 500, env: { UPLOAD_DIR: shutdownDir, SHUTDOWN_DRAIN_MS: '500' } })
  shutdowns.runs++
  shutdowns.ok += run.ok
  shutdowns.shed += run.shed
  shutdowns.refused += run.refused
  shutdowns.resets += run.resets
  shutdowns.other += run.other
  if (run.resets !== 0 || run.other !== 0 || run.exitCode !== 0) {
    failures.push(`shutdown run ${i + 1}: ${run.resets} resets, ${run.other} other answers, exit ${run.exitCode} (${run.samples.join('; ')})`)
  }
}
rmSync(shutdownDir, { recursive: true, force: true })

// 3. Storms until the budget is spent (at least 3 rounds).
console.log(`== storms: ${stormSize} concurrent requests each, until ${seconds} s`)
const clock = { offsetMs: 0 }
const harness = await startHarness({
  logLevel: 'info',
  loginRateLimit: 1_000_000,
  // Every storm client shares this loopback address; the per-address connection cap is for real addresses.
  maxConnectionsPerIp: 0,
  sessionIdleTtlSec: 3_600,
  deps: { now: () => Date.now() + clock.offsetMs },
})
/** Checks what this round recorded, then lets it go, so memory and check time stay flat over a long soak. */
function checkLeaks(): void {
  try {
    harness.watch.checkpoint()
  } catch (error) {
    failures.push(`round ${storms.rounds}: ${error instanceof Error ? error.message : String(error)}`)
  }
}
const storms = { rounds: 0, expiryStorms: 0, restarts: 0, requests: 0, lost: 0, relogins: 0, worstMs: 0, totalMs: 0 }
try {
  while (storms.rounds < 3 || elapsedSec() < seconds) {
    storms.rounds++
    if (storms.rounds % 5 === 0) {
      await harness.restart()
      storms.restarts++
      const client = harness.client()
      const settled = await Promise.allSettled(Array.from({ length: 100 }, () => client.auth.account.me()))
      const ok = settled.filter((s) => s.status === 'fulfilled').length
      storms.requests += 100
      storms.lost += 100 - ok
      storms.relogins += client.platform.counts.login
      if (ok !== 100 || client.platform.counts.login !== 1) failures.push(`restart round ${storms.rounds}: ${ok}/100 answered, ${client.platform.counts.login} logins`)
      checkLeaks()
      continue
    }
    const result = await runStorm(harness, {
      size: stormSize,
      expireAfter: Math.floor(stormSize / 2),
      expire: () => {
        clock.offsetMs += 3_601_000
      },
    })
    storms.expiryStorms++
    storms.requests += stormSize
    storms.lost += result.lost
    storms.relogins += result.relogins
    storms.totalMs += result.durationMs
    storms.worstMs = Math.max(storms.worstMs, result.durationMs)
    if (result.lost !== 0 || result.relogins !== 1) failures.push(`storm round ${storms.rounds}: lost ${result.lost}, re-logins ${result.relogins}`)
    checkLeaks()
  }
} finally {
  await harness.close()
}
checkLeaks()

// 4. Counts.
const summary = {
  seconds: Math.round(elapsedSec()),
  fuzz: { serverCases, clientCases, seconds: Math.round(fuzzSeconds) },
  storms: {
    rounds: storms.rounds,
    expiryStorms: storms.expiryStorms,
    serverRestarts: storms.restarts,
    requests: storms.requests,
    lost: storms.lost,
    reloginsPerRound: storms.rounds === 0 ? 0 : storms.relogins / storms.rounds,
    meanStormMs: storms.expiryStorms === 0 ? 0 : Math.round(storms.totalMs / storms.expiryStorms),
    worstStormMs: Math.round(storms.worstMs),
  },
  shutdowns,
  leakCheck: { logLines: harness.watch.logLineCount, bodies: harness.watch.bodyCount, secrets: harness.watch.secretCounts() },
}
console.log('== soak summary')
console.log(JSON.stringify(summary, null, 2))
if (failures.length > 0) {
  for (const f of failures) console.error(`✖ ${f}`)
  process.exit(1)
}
console.log('✔ soak passed')

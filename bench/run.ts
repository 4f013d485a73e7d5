/**
 * `npm run bench`: round trips per scenario, client overhead, bundle cost and server throughput.
 * Prints every table and writes them, with the machine, the date and the commands, to
 * docs/benchmarks.md (`BENCH_QUICK=1` and `BENCH_ONLY` write to artifacts/ instead).
 *
 * Environment: BENCH_QUICK=1 (smoke sizes), BENCH_ONLY=roundtrips,overhead,bundle,package,server (subset),
 * BENCH_RECORD=1 with BENCH_ONLY (replace only those sections of docs/benchmarks.md, at full size),
 * BENCH_UPDATE_BUDGET=1 (re-record bench/bundle-budget.json from this run's demo build).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { hasRedisClusterTools, startRedisCluster } from '../testkit/redisCluster'
import { startRedis, hasRedisServer } from '../testkit/redisServer'
import { checkBudget, parseBudget, type BundleBudget } from './bundle/bundleBudget'
import { ROOT } from './bundle/buildFixture'
import { runBundle } from './bundle/runBundle'
import { runPackageBundle } from './bundle/runPackageBundle'
import { loadBuiltLibrary } from './overhead/builtLibrary'
import { fakeBackendTransport, zeroWorkTransport } from './overhead/memoryPlatform'
import { runOverhead } from './overhead/runOverhead'
import { FULL_PLAN, QUICK_PLAN, parseSections, type BenchPlan } from './plan'
import { bundleTable } from './report/bundleTable'
import { packageBundleTable } from './report/packageBundleTable'
import { overheadTable } from './report/overheadTable'
import { roundTripTables, type RoundTripRuns } from './report/roundTripTables'
import { loginTable, memoryTable, productionTable, redisMemoryTable, throughputTable, trafficTable } from './report/serverTables'
import { runProductionRows } from './server/runProductionRows'
import { runRedisMemory, type RedisMemoryFigures } from './server/runRedisMemory'
import type { ClientStrategy } from './roundTrips/clientStrategy'
import { fakeRoundTripBackend } from './roundTrips/fakeRoundTripBackend'
import { firstOnlyReplayModel } from './roundTrips/firstOnlyReplayModel'
import { alovaOwnTokenModel } from './roundTrips/alovaOwnTokenModel'
import { ourAlovaClient } from './roundTrips/ourAlovaClient'
import { ourClient } from './roundTrips/ourClient'
import { ourLuchClient } from './roundTrips/ourLuchClient'
import { ourUniRequestClient } from './roundTrips/ourUniRequestClient'
import { perRequestLoginModel } from './roundTrips/perRequestLoginModel'
import type { RoundTripBackend } from './roundTrips/roundTripBackend'
import { SCENARIOS, runRoundTrip } from './roundTrips/runRoundTrips'
import { serverRoundTripBackend } from './roundTrips/serverRoundTripBackend'
import { foreignRoundTripBackend } from './roundTrips/foreignRoundTripBackend'
import { runLoginThroughput, runMemoryGrowth, runStoreThroughput, runStoreTraffic, type StoreThroughput, type StoreTraffic } from './server/runThroughput'
import { machineInfo } from './support/machineInfo'
import { renderTable, type Table } from './support/markdownTable'
import { benchDocument, replaceSections } from './report/benchDocument'

const OURS: readonly ClientStrategy[] = [ourClient, ourUniRequestClient, ourAlovaClient, ourLuchClient]
const STRATEGIES: readonly ClientStrategy[] = [...OURS, alovaOwnTokenModel, perRequestLoginModel, firstOnlyReplayModel]
const BUDGET_FILE = path.join(ROOT, 'bench/bundle-budget.json')

const log = (line: string) => console.log(line)
const show = (tables: readonly Table[]): Table[] => {
  for (const t of tables) console.log(`\n${renderTable(t)}`)
  return [...tables]
}

async function roundTripsOn(backend: RoundTripBackend, plan: BenchPlan, strategies: readonly ClientStrategy[] = STRATEGIES): Promise<Table[]> {
  const runs: RoundTripRuns = new Map()
  for (let r = 0; r < plan.roundTrips.repeats; r++) {
    // The order rotates per repeat so that no strategy always runs first on a cold JIT or cold sockets.
    const order = strategies.map((_, i) => strategies[(i + r) % strategies.length] as ClientStrategy)
    for (const scenario of SCENARIOS) {
      for (const strategy of order) {
        for (const n of plan.roundTrips.sizes) {
          const run = await runRoundTrip(backend, strategy, scenario, n)
          const byStrategy = runs.get(scenario) ?? new Map<string, Map<number, typeof run[]>>()
          runs.set(scenario, byStrategy)
          const byN = byStrategy.get(strategy.name) ?? new Map<number, typeof run[]>()
          byStrategy.set(strategy.name, byN)
          byN.set(n, [...(byN.get(n) ?? []), run])
        }
      }
    }
  }
  // Fixed row order in the tables, whatever order the runs took.
  for (const byStrategy of runs.values()) {
    const sorted = new Map(strategies.map((s) => [s.name, byStrategy.get(s.name) ?? new Map()]))
    byStrategy.clear()
    for (const [k, v] of sorted) byStrategy.set(k, new Map([...v].sort((a, b) => a[0] - b[0])))
  }
  return roundTripTables(backend.name, strategies, OURS, runs, backend.repairsBy)
}

async function roundTrips(plan: BenchPlan): Promise<Table[]> {
  const tables: Table[] = []
  log('\n== round trips: fake platform')
  const fake = fakeRoundTripBackend()
  tables.push(...show(await roundTripsOn(fake, plan)))
  await fake.close()
  log('\n== round trips: reference server + emulator')
  const server = await serverRoundTripBackend()
  try {
    tables.push(...show(await roundTripsOn(server, plan)))
  } finally {
    await server.close()
  }
  // Two presets' test backends, one with refresh tokens and one without; the baselines speak only the
  // reference contract, so only our four ways in run here.
  for (const which of ['yudao', 'litemall'] as const) {
    const foreign = await foreignRoundTripBackend(which)
    log(`\n== round trips: ${foreign.name}`)
    try {
      tables.push(...show(await roundTripsOn(foreign, plan, OURS)))
    } finally {
      await foreign.close()
    }
  }
  return tables
}

async function overhead(plan: BenchPlan): Promise<Table[]> {
  log('\n== client overhead')
  const results = await runOverhead(plan.overhead, await loadBuiltLibrary(), [
    { name: 'fake platform + fake backend', make: fakeBackendTransport },
    { name: 'zero-work transport', make: zeroWorkTransport },
  ])
  return show([overheadTable(results)])
}

async function bundle(): Promise<Table[]> {
  log('\n== bundle cost (uni build -p mp-weixin)')
  const result = await runBundle(log)
  let budget: BundleBudget
  if (!existsSync(BUDGET_FILE) || process.env.BENCH_UPDATE_BUDGET === '1') {
    budget = { rawBytes: result.demoLibrary.raw, gzipBytes: result.demoLibrary.gzip, maxGrowth: 0.1, recordedAt: new Date().toISOString().slice(0, 10) }
    writeFileSync(BUDGET_FILE, `${JSON.stringify(budget, null, 2)}\n`)
    log(`  recorded the bundle budget in ${path.relative(ROOT, BUDGET_FILE)}`)
  } else {
    budget = parseBudget(JSON.parse(readFileSync(BUDGET_FILE, 'utf8')) as unknown)
  }
  return show([bundleTable(result, budget, checkBudget(result.demoLibrary, budget))])
}

async function packageBundle(): Promise<Table[]> {
  log('\n== the npm package in a fresh uni-app project (uni build -p mp-weixin)')
  return show([packageBundleTable(await runPackageBundle(log))])
}

async function server(plan: BenchPlan): Promise<Table[]> {
  const t = plan.throughput
  log('\n== the server in production: plugin stack and logging cost (autocannon)')
  const productionRedis = hasRedisServer() ? await startRedis() : undefined
  let production
  try {
    production = await runProductionRows(t, productionRedis?.url, log)
  } finally {
    await productionRedis?.stop()
  }
  log('== server throughput (autocannon): memory store')
  const stores: StoreThroughput[] = [await runStoreThroughput('memory', t)]
  const traffic: StoreTraffic[] = []
  let redisMemory: RedisMemoryFigures | undefined
  const skipped: string[] = []
  if (hasRedisServer()) {
    log('== server throughput (autocannon): one Redis')
    const redis = await startRedis()
    try {
      stores.push(await runStoreThroughput('redis', t, redis.url))
      traffic.push(await runStoreTraffic('redis', redis.url, t.trafficRequests))
      log(`== Redis memory of ${t.memoryUsers.toLocaleString('en-US')} users`)
      redisMemory = await runRedisMemory(redis.url, t.memoryUsers)
    } finally {
      await redis.stop()
    }
  } else {
    skipped.push('redis (redis-server not installed)')
  }
  if (hasRedisClusterTools()) {
    log('== server throughput (autocannon): 3-node Redis Cluster')
    const cluster = await startRedisCluster()
    try {
      stores.push(await runStoreThroughput('cluster', t, cluster.url))
      traffic.push(await runStoreTraffic('cluster', cluster.url, t.trafficRequests))
    } finally {
      await cluster.stop()
    }
  } else {
    skipped.push('cluster (redis-server or redis-cli not installed)')
  }
  log('== login throughput')
  const login = await runLoginThroughput(t)
  log(`== memory growth over ${t.leakRequests.toLocaleString('en-US')} requests`)
  const memory = await runMemoryGrowth(t)
  const tables = [productionTable(production, t.connections, t.durationSec), throughputTable(stores, skipped, t.connections, t.durationSec)]
  if (traffic.length > 0) tables.push(trafficTable(traffic))
  if (redisMemory !== undefined) tables.push(redisMemoryTable(redisMemory))
  return show([...tables, loginTable(login, stores[0]?.me.rps), memoryTable(memory)])
}

async function main(): Promise<void> {
  const plan = process.env.BENCH_QUICK === '1' ? QUICK_PLAN : FULL_PLAN
  const sections = parseSections(process.env.BENCH_ONLY)
  const machine = machineInfo()
  const started = performance.now()
  const parts: Array<{ section: string; tables: Table[] }> = []
  if (sections.includes('roundtrips')) parts.push({ section: 'roundtrips', tables: await roundTrips(plan) })
  if (sections.includes('overhead')) parts.push({ section: 'overhead', tables: await overhead(plan) })
  if (sections.includes('bundle')) parts.push({ section: 'bundle', tables: await bundle() })
  if (sections.includes('package')) parts.push({ section: 'package', tables: await packageBundle() })
  if (sections.includes('server')) parts.push({ section: 'server', tables: await server(plan) })
  const minutes = (performance.now() - started) / 60_000

  const input = { machine, plan, sections, parts, minutes }
  if (process.env.BENCH_RECORD === '1') {
    // The sections of a full-size BENCH_ONLY run replace their parts of docs/benchmarks.md.
    if (plan.quick || process.env.BENCH_ONLY === undefined) throw new Error('BENCH_RECORD=1 records only full-size BENCH_ONLY sections')
    const doc = path.join(ROOT, 'docs/benchmarks.md')
    writeFileSync(doc, replaceSections(readFileSync(doc, 'utf8'), input))
    log(`\nwrote the ${sections.join(', ')} section(s) of ${path.relative(ROOT, doc)} (${minutes.toFixed(1)} min)`)
    return
  }
  // Only a full run of every section may replace docs/benchmarks.md; partial and quick runs go to artifacts/.
  const complete = !plan.quick && process.env.BENCH_ONLY === undefined
  const out = path.join(ROOT, complete ? 'docs/benchmarks.md' : plan.quick ? 'artifacts/benchmarks.quick.md' : 'artifacts/benchmarks.partial.md')
  mkdirSync(path.dirname(out), { recursive: true })
  writeFileSync(out, benchDocument(input))
  log(`\nwrote ${path.relative(ROOT, out)} (${minutes.toFixed(1)} min)`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
  process.exit(1)
})

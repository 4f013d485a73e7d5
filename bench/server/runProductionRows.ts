import { spawn, type ChildProcess } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { AutocannonResult } from 'autocannon'
import { DEV_APPID, DEV_SECRET } from '../../packages/wx-emulator/src/devCredentials'
import { median } from '../support/stats'
import { runAutocannon } from './autocannonProcess'
import type { RouteFigures, ThroughputPlan } from './runThroughput'

const ROOT = path.resolve(import.meta.dirname, '../..')
const TSX = createRequire(import.meta.url).resolve('tsx')

/** Two set-ups loaded side by side: `b` over `a` is the row's ratio. */
export interface PairFigures {
  label: string
  route: string
  a: { name: string; figures: RouteFigures }
  b: { name: string; figures: RouteFigures }
  /** Median of the per-repeat ratios of req/s, b / a. */
  ratio: number
  /** The target of the ratio; undefined for an informational row. */
  target: number | undefined
}

/** The production rows and the machine's 1-minute load average before and after them. */
export interface ProductionRows {
  pairs: PairFigures[]
  skipped: string[]
  load: [before: number, after: number]
  cores: number
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

interface Started {
  url: string
  child: ChildProcess
}

/** Starts `node ...args` with `env` on a free port and waits until `probe` answers 200. Its stdout is discarded. */
async function start(args: string[], env: Record<string, string>, portVariable = 'PORT', probe = '/livez'): Promise<Started> {
  const port = await freePort()
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, [portVariable]: String(port) },
    // The log lines go to /dev/null: their cost in the server (serialising, redacting, writing) is what is measured.
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (exited(child)) throw new Error(`${args.join(' ')} exited (${String(child.exitCode ?? child.signalCode)})`)
    const ok = await fetch(`${url}${probe}`).then((r) => r.status === 200, () => false)
    if (ok) return { url, child }
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} did not answer ${probe} in time`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

function stop(started: Started | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (started === undefined || exited(started.child)) return resolve()
    started.child.once('exit', () => resolve())
    started.child.kill('SIGKILL')
  })
}

function figures(results: readonly AutocannonResult[]): RouteFigures {
  return {
    rps: median(results.map((r) => r.requests.total / r.duration)),
    p50: median(results.map((r) => r.latency.p50)),
    p99: median(results.map((r) => r.latency.p99)),
    failures: results.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
  }
}

/** Logs in once on `server` with a code from the standalone emulator and returns the Authorization header. */
async function bearer(server: string, emulator: string): Promise<Record<string, string>> {
  const issued = (await (await fetch(`${emulator}/__emulator/login-code`, { method: 'POST' })).json()) as { code: string }
  const res = await fetch(`${server}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: issued.code }),
  })
  const body = (await res.json()) as { token?: unknown }
  if (res.status !== 200 || typeof body.token !== 'string') throw new Error(`bench login failed: HTTP ${res.status}`)
  return { authorization: `Bearer ${body.token}` }
}

interface Side {
  name: string
  url: string
  headers?: Record<string, string>
}

/** Loads `a` and `b` one after the other within each repeat (the order alternates), after a warm-up of each. */
async function pair(label: string, route: string, a: Side, b: Side, plan: ThroughputPlan, target: number | undefined): Promise<PairFigures> {
  const run = (side: Side, duration: number) =>
    runAutocannon({ url: side.url + route, connections: plan.connections, duration, ...(side.headers === undefined ? {} : { headers: side.headers }) })
  await run(a, 1)
  await run(b, 1)
  const ra: AutocannonResult[] = []
  const rb: AutocannonResult[] = []
  const ratios: number[] = []
  for (let r = 0; r < plan.repeats; r++) {
    const first = r % 2 === 0
    const x = await run(first ? a : b, plan.durationSec)
    const y = await run(first ? b : a, plan.durationSec)
    const [resA, resB] = first ? [x, y] : [y, x]
    ra.push(resA)
    rb.push(resB)
    ratios.push(resB.requests.total / resB.duration / (resA.requests.total / resA.duration))
  }
  return { label, route, a: { name: a.name, figures: figures(ra) }, b: { name: b.name, figures: figures(rb) }, ratio: median(ratios), target }
}

/**
 * The production rows of the server section. The "production preset" is the real server entry with
 * `NODE_ENV=production`, pointed at the standalone WeChat emulator in a process of its own (nothing mounted that
 * production refuses), compiled (`npm run build:server`, run first) and started with `node`; its log lines go to
 * /dev/null. Rows: a bare Fastify app vs the preset with logs off, on `GET /livez` (the no-op route: a handler
 * returning a constant, through every plugin and hook); the preset at `LOG_LEVEL=info` vs logs off on `/livez`,
 * on `GET /api/me` with the memory store and with Redis (`redisUrl`, skipped without it); and, informational, the
 * compiled server vs the same server run from its sources with tsx, on `GET /api/me` at `info`. autocannon runs in
 * its own process.
 */
export async function runProductionRows(plan: ThroughputPlan, redisUrl: string | undefined, log: (line: string) => void): Promise<ProductionRows> {
  log('   building the server (npm run build:server)')
  execFileSync(process.execPath, [createRequire(import.meta.url).resolve('tsx/cli'), 'scripts/buildServer.ts'], { cwd: ROOT, stdio: 'ignore' })
  const uploadDir = mkdtempSync(path.join(os.tmpdir(), 'wxls-bench-prod-'))
  const started: Started[] = []
  const load0 = os.loadavg()[0] ?? 0
  try {
    const emulator = await start(['--import', TSX, 'packages/wx-emulator/src/main.ts'], { LOG_LEVEL: 'silent' }, 'EMULATOR_PORT', '/__emulator/stats')
    started.push(emulator)
    const preset = (logLevel: string, extra: Record<string, string> = {}) => ({
      NODE_ENV: 'production',
      WX_APPID: DEV_APPID,
      WX_SECRET: DEV_SECRET,
      PUBLIC_URL: 'https://bench.example.com',
      WX_API_BASE: emulator.url,
      HOST: '127.0.0.1',
      UPLOAD_DIR: uploadDir,
      LOG_LEVEL: logLevel,
      ...extra,
    })
    const compiled = ['dist/server/server.js']
    const launch = async (args: string[], env: Record<string, string>) => {
      const s = await start(args, env)
      started.push(s)
      return s
    }
    log('   bare Fastify vs the production plugin stack, GET /livez')
    const bare = await launch(['--import', TSX, 'bench/server/bareFastify.ts'], {})
    const silent = await launch(compiled, preset('silent'))
    const pairs: PairFigures[] = []
    pairs.push(await pair('bare Fastify vs the production plugin stack (logs off)', '/livez', { name: 'bare Fastify', url: bare.url }, { name: 'production preset, logs off', url: silent.url }, plan, 0.8))
    await stop(bare)
    const info = await launch(compiled, preset('info'))
    log('   LOG_LEVEL=info vs logs off, GET /livez and GET /api/me (memory store)')
    pairs.push(await pair('production preset: LOG_LEVEL=info vs logs off', '/livez', { name: 'logs off', url: silent.url }, { name: 'info', url: info.url }, plan, 0.8))
    pairs.push(
      await pair(
        'production preset: LOG_LEVEL=info vs logs off, memory store',
        '/api/me',
        { name: 'logs off', url: silent.url, headers: await bearer(silent.url, emulator.url) },
        { name: 'info', url: info.url, headers: await bearer(info.url, emulator.url) },
        plan,
        0.8,
      ),
    )
    await stop(silent)
    log('   compiled vs tsx, GET /api/me at LOG_LEVEL=info')
    const viaTsx = await launch(['--import', TSX, 'server/server.ts'], preset('info'))
    pairs.push(
      await pair(
        'compiled server vs tsx-run server (LOG_LEVEL=info, memory store)',
        '/api/me',
        { name: 'tsx', url: viaTsx.url, headers: await bearer(viaTsx.url, emulator.url) },
        { name: 'compiled', url: info.url, headers: await bearer(info.url, emulator.url) },
        plan,
        undefined,
      ),
    )
    await stop(viaTsx)
    await stop(info)
    const skipped: string[] = []
    if (redisUrl === undefined) {
      skipped.push('production preset on Redis (redis-server not installed)')
    } else {
      log('   LOG_LEVEL=info vs logs off, GET /api/me (Redis)')
      const redisSilent = await launch(compiled, preset('silent', { REDIS_URL: redisUrl }))
      const redisInfo = await launch(compiled, preset('info', { REDIS_URL: redisUrl }))
      pairs.push(
        await pair(
          'production preset: LOG_LEVEL=info vs logs off, Redis',
          '/api/me',
          { name: 'logs off', url: redisSilent.url, headers: await bearer(redisSilent.url, emulator.url) },
          { name: 'info', url: redisInfo.url, headers: await bearer(redisInfo.url, emulator.url) },
          plan,
          0.8,
        ),
      )
    }
    return { pairs, skipped, load: [load0, os.loadavg()[0] ?? 0], cores: os.cpus().length }
  } finally {
    for (const s of started) await stop(s)
    rmSync(uploadDir, { recursive: true, force: true })
  }
}

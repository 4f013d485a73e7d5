import autocannon, { type AutocannonRequest, type AutocannonResult } from 'autocannon'
import { DEV_APPID, DEV_SECRET } from '../../server/emulator/devCredentials'
import { median } from '../support/stats'
import { startBenchServer, type BenchServerProcess } from './benchServerProcess'
import { NOOP_PATH } from './benchServerProtocol'

/** The sizes of the throughput bench. */
export interface ThroughputPlan {
  /** Seconds per timed autocannon run. */
  durationSec: number
  repeats: number
  connections: number
  /** Logins per login run. */
  logins: number
  /** Requests of the memory-growth run (1 million in the full bench). */
  leakRequests: number
}

/** One route's medians over the repeats. */
export interface RouteFigures {
  rps: number
  p50: number
  p99: number
  /** Errors, timeouts and non-2xx answers over every repeat: any is a bench bug or a server failure. */
  failures: number
}

/** `GET /api/me` next to the no-op route, for one store. */
export interface StoreThroughput {
  store: 'memory' | 'redis'
  noop: RouteFigures
  me: RouteFigures
  /** Median of the per-repeat ratios me/noop (req/s). */
  ratio: number
}

/** The login run and, for comparison, the emulator's code2Session endpoint alone. */
export interface LoginThroughput {
  login: RouteFigures
  code2Session: RouteFigures
  requests: number
}

/**
 * Heap and RSS of the server after a full GC at the start, the middle and the end of `requests`
 * authenticated requests. A leak grows the heap in both halves; one-off growth (JIT code, caches
 * filling up) shows in the first half only, so the second half is the one held to the target.
 */
export interface MemoryGrowth {
  requests: number
  heap: [start: number, middle: number, end: number]
  rss: [start: number, middle: number, end: number]
  failures: number
}

function failuresOf(r: AutocannonResult): number {
  return r.errors + r.timeouts + r.non2xx
}

/** Requests per second over the whole run (autocannon's per-second average is coarse for short runs). */
function rpsOf(r: AutocannonResult): number {
  return r.requests.total / r.duration
}

function figures(results: readonly AutocannonResult[]): RouteFigures {
  return {
    rps: median(results.map(rpsOf)),
    p50: median(results.map((r) => r.latency.p50)),
    p99: median(results.map((r) => r.latency.p99)),
    failures: results.reduce((sum, r) => sum + failuresOf(r), 0),
  }
}

/** Logs in once through the real endpoint and returns the token. */
async function token(server: BenchServerProcess): Promise<string> {
  const [code] = await server.codes(1)
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  })
  const body = (await res.json()) as { token?: unknown }
  if (res.status !== 200 || typeof body.token !== 'string') throw new Error(`bench login failed: HTTP ${res.status}`)
  return body.token
}

/**
 * Loads `GET /api/me` (valid token) and the no-op route of the same app, alternating within each
 * repeat so the ratio is taken side by side. The server runs in a child process; autocannon runs
 * here, on loopback, bounded by `durationSec`.
 */
export async function runStoreThroughput(store: 'memory' | 'redis', plan: ThroughputPlan, redisUrl?: string): Promise<StoreThroughput> {
  const server = await startBenchServer(redisUrl === undefined ? {} : { redisUrl })
  try {
    const headers = { authorization: `Bearer ${await token(server)}` }
    const run = (path: string, duration: number) => autocannon({ url: server.url + path, connections: plan.connections, duration, headers })
    await run(NOOP_PATH, 1)
    await run('/api/me', 1)
    const noop: AutocannonResult[] = []
    const me: AutocannonResult[] = []
    const ratios: number[] = []
    for (let r = 0; r < plan.repeats; r++) {
      const a = await run(NOOP_PATH, plan.durationSec)
      const b = await run('/api/me', plan.durationSec)
      noop.push(a)
      me.push(b)
      ratios.push(rpsOf(b) / rpsOf(a))
    }
    return { store, noop: figures(noop), me: figures(me), ratio: median(ratios) }
  } finally {
    await server.close()
  }
}

/** Runs one request per code, each code used once (a `wx.login` code is single-use). */
function withCodes(url: string, codes: readonly string[], connections: number, request: (code: string) => AutocannonRequest): Promise<AutocannonResult> {
  let next = 0
  return autocannon({
    url,
    connections,
    amount: codes.length,
    requests: [{ ...request(codes[0] ?? ''), setupRequest: (req) => ({ ...req, ...request(codes[next++] ?? '') }) }],
  })
}

/**
 * Measures `POST /api/auth/login` with a fresh `wx.login` code per request (memory store, emulator
 * in-process), next to the emulator's `GET /sns/jscode2session` alone, which every login calls once
 * over HTTP on the same event loop.
 */
export async function runLoginThroughput(plan: ThroughputPlan): Promise<LoginThroughput> {
  const server = await startBenchServer()
  try {
    const login: AutocannonResult[] = []
    const c2s: AutocannonResult[] = []
    for (let r = 0; r < plan.repeats; r++) {
      login.push(
        await withCodes(server.url, await server.codes(plan.logins), plan.connections, (code) => ({
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        })),
      )
      c2s.push(
        await withCodes(server.url, await server.codes(plan.logins), plan.connections, (code) => ({
          method: 'GET',
          path: `/sns/jscode2session?appid=${DEV_APPID}&secret=${DEV_SECRET}&js_code=${encodeURIComponent(code)}&grant_type=authorization_code`,
        })),
      )
    }
    return { login: figures(login), code2Session: figures(c2s), requests: plan.logins }
  } finally {
    await server.close()
  }
}

/**
 * Sends `plan.leakRequests` authenticated `GET /api/me` (memory store) after a warm-up, in two
 * halves, and reads the server's heap after a full GC at the start, between the halves and at the end. Every request slides the session's idle
 * deadline, i.e. writes to the store, so a per-request leak anywhere on that path shows.
 */
export async function runMemoryGrowth(plan: ThroughputPlan): Promise<MemoryGrowth> {
  const server = await startBenchServer()
  try {
    const headers = { authorization: `Bearer ${await token(server)}` }
    const load = (amount: number) => autocannon({ url: `${server.url}/api/me`, connections: plan.connections, amount, headers })
    await load(Math.min(50_000, plan.leakRequests))
    const half = Math.floor(plan.leakRequests / 2)
    const start = await server.memory()
    const first = await load(half)
    const middle = await server.memory()
    const second = await load(plan.leakRequests - half)
    const end = await server.memory()
    return {
      requests: plan.leakRequests,
      heap: [start.heapUsed, middle.heapUsed, end.heapUsed],
      rss: [start.rss, middle.rss, end.rss],
      failures: failuresOf(first) + failuresOf(second),
    }
  } finally {
    await server.close()
  }
}

import autocannon, { type AutocannonRequest, type AutocannonResult } from 'autocannon'
import { DEV_APPID, DEV_SECRET } from '../../packages/wx-emulator/src/devCredentials'
import { commandStatsReader, diffCommandCalls, totalCalls, type CommandStatsReader } from '../../server/testing/redisCommandStats'
import { median } from '../support/stats'
import { runAutocannon } from './autocannonProcess'
import { startBenchServer, type BenchServerProcess } from './benchServerProcess'
import { NOOP_PATH, ONE_ROUND_TRIP_PATH } from './benchServerProtocol'

/** Where the server keeps its stores in a throughput run. */
export type BenchStore = 'memory' | 'redis' | 'cluster'

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
  /** Sequential requests per route whose Redis traffic is counted. */
  trafficRequests: number
  /** Users (with one, then two sessions each) whose Redis memory is measured. */
  memoryUsers: number
}

/** One route's medians over the repeats. */
export interface RouteFigures {
  rps: number
  p50: number
  p99: number
  /** Errors, timeouts and non-2xx answers over every repeat: any is a bench bug or a server failure. */
  failures: number
}

/** `GET /api/me` next to the no-op route and the one-round-trip route, for one store. */
export interface StoreThroughput {
  store: BenchStore
  noop: RouteFigures
  oneRoundTrip: RouteFigures
  me: RouteFigures
  /** Median of the per-repeat ratios me/noop (req/s). */
  ratio: number
  /** Median of the per-repeat ratios me/one-round-trip (req/s). */
  ratioToOneRoundTrip: number
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
 * Loads the no-op route, the one-round-trip route and `GET /api/me` (valid token) of the same app, one after the
 * other within each repeat (the order rotates per repeat), so the ratios are taken side by side. The server runs
 * in a child process, autocannon in another ({@link runAutocannon}), on loopback, bounded by `durationSec`.
 */
export async function runStoreThroughput(store: BenchStore, plan: ThroughputPlan, redisUrl?: string): Promise<StoreThroughput> {
  const server = await startBenchServer(redisUrl === undefined ? {} : { redisUrl })
  try {
    const headers = { authorization: `Bearer ${await token(server)}` }
    const run = (path: string, duration: number) => runAutocannon({ url: server.url + path, connections: plan.connections, duration, headers })
    const paths = [NOOP_PATH, ONE_ROUND_TRIP_PATH, '/api/me'] as const
    for (const path of paths) await run(path, 1)
    const results = new Map<string, AutocannonResult[]>(paths.map((p) => [p, []]))
    const ratios: number[] = []
    const ratiosToOne: number[] = []
    for (let r = 0; r < plan.repeats; r++) {
      const rps = new Map<string, number>()
      for (let i = 0; i < paths.length; i++) {
        const path = paths[(i + r) % paths.length] ?? NOOP_PATH
        const result = await run(path, plan.durationSec)
        results.get(path)?.push(result)
        rps.set(path, rpsOf(result))
      }
      const me = rps.get('/api/me') ?? 0
      ratios.push(me / (rps.get(NOOP_PATH) ?? 1))
      ratiosToOne.push(me / (rps.get(ONE_ROUND_TRIP_PATH) ?? 1))
    }
    return {
      store,
      noop: figures(results.get(NOOP_PATH) ?? []),
      oneRoundTrip: figures(results.get(ONE_ROUND_TRIP_PATH) ?? []),
      me: figures(results.get('/api/me') ?? []),
      ratio: median(ratios),
      ratioToOneRoundTrip: median(ratiosToOne),
    }
  } finally {
    await server.close()
  }
}

/** Redis traffic per request of one route, served one request at a time. */
export interface RouteTraffic {
  /** Client side: commands sent, writes waited on (round trips) and replies read, per request. */
  commands: number
  roundTrips: number
  replies: number
  /** Server side, from INFO commandstats: commands Redis ran per request (a script and the commands inside it). */
  redisCommands: number
  /** The INFO commandstats delta per request, by command. */
  byCommand: Record<string, number>
}

/** {@link RouteTraffic} of `GET /api/me` and `POST /api/auth/login`, for one Redis store. */
export interface StoreTraffic {
  store: BenchStore
  requests: number
  me: RouteTraffic
  login: RouteTraffic
}

async function measureTraffic(server: BenchServerProcess, stats: CommandStatsReader, requests: number, send: () => Promise<void>): Promise<RouteTraffic> {
  await server.traffic(true)
  const before = await stats.read()
  // One at a time: then every write the client waits on is a round trip of its own.
  for (let i = 0; i < requests; i++) await send()
  const calls = diffCommandCalls(before, await stats.read())
  const counted = await server.traffic(true)
  const per = (n: number): number => n / requests
  return {
    commands: per(counted.commands),
    roundTrips: per(counted.roundTrips),
    replies: per(counted.replies),
    redisCommands: per(totalCalls(calls)),
    byCommand: Object.fromEntries(Object.entries(calls).map(([name, n]) => [name, per(n)])),
  }
}

/**
 * Counts the Redis traffic of `requests` sequential `GET /api/me` (after a warm-up that lets every node learn
 * the script) and of `requests` sequential logins of one user, on the client (the server's ioredis connections)
 * and in Redis (INFO commandstats, read over connections of our own). The counts are exact, not timings.
 */
export async function runStoreTraffic(store: BenchStore, redisUrl: string, requests: number): Promise<StoreTraffic> {
  const server = await startBenchServer({ redisUrl })
  const stats = commandStatsReader(redisUrl)
  try {
    const headers = { authorization: `Bearer ${await token(server)}` }
    const get = async (): Promise<void> => {
      const res = await fetch(`${server.url}/api/me`, { headers })
      if (res.status !== 200) throw new Error(`bench GET /api/me: HTTP ${res.status}`)
      await res.arrayBuffer()
    }
    for (let i = 0; i < 20; i++) await get()
    const me = await measureTraffic(server, stats, requests, get)
    const codes = await server.codes(requests + 1)
    const loginOnce = async (): Promise<void> => {
      const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: codes.pop() }) })
      if (res.status !== 200) throw new Error(`bench login: HTTP ${res.status}`)
      await res.arrayBuffer()
    }
    await loginOnce()
    const login = await measureTraffic(server, stats, requests, loginOnce)
    return { store, requests, me, login }
  } finally {
    stats.close()
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
 * halves, and reads the server's heap after a full GC at the start, between the halves and at the end. Every request touches the
 * session (read, expiry check, slide when due, user read), so a per-request leak anywhere on that path shows.
 */
export async function runMemoryGrowth(plan: ThroughputPlan): Promise<MemoryGrowth> {
  const server = await startBenchServer()
  try {
    const headers = { authorization: `Bearer ${await token(server)}` }
    const load = (amount: number) => runAutocannon({ url: `${server.url}/api/me`, connections: plan.connections, amount, headers })
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

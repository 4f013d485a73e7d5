import type { ProductionRows } from '../server/runProductionRows'
import type { RedisMemoryFigures } from '../server/runRedisMemory'
import type { LoginThroughput, MemoryGrowth, RouteFigures, StoreThroughput, StoreTraffic } from '../server/runThroughput'
import { verdict, type Table } from '../support/markdownTable'
import { formatBytes, formatNumber } from '../support/stats'

/** The target for `/api/me` over the no-op route, memory store. */
export const THROUGHPUT_RATIO_TARGET = 0.7
/** Heap growth over the second half of the leak run that counts as a leak: 2 bytes per request… */
export const LEAK_BYTES_PER_REQUEST = 2
/** …but at least 1 MiB, the noise of a heap reading after GC on short (quick) runs. */
export const LEAK_ALLOWANCE_BYTES = 1024 * 1024

const route = (name: string, f: RouteFigures): string[] => [name, formatNumber(f.rps), formatNumber(f.p50, 1), formatNumber(f.p99, 1), String(f.failures)]

/** `/api/me` over the one-round-trip route on one Redis. */
export const ONE_ROUND_TRIP_RATIO_TARGET = 0.75
/** The cluster's `/api/me` over one-round-trip ratio may differ from one Redis' by at most this fraction. */
export const CLUSTER_RATIO_TOLERANCE = 0.1

/** Whether each store's ratio meets its target; cluster is compared with one Redis of the same run. */
function ratioTarget(r: StoreThroughput, all: readonly StoreThroughput[]): { target: string; holds: boolean | undefined; ratio: number } {
  if (r.store === 'memory') return { target: `≥ ${THROUGHPUT_RATIO_TARGET} of no-op`, holds: r.ratio >= THROUGHPUT_RATIO_TARGET, ratio: r.ratio }
  if (r.store === 'redis') {
    return { target: `≥ ${ONE_ROUND_TRIP_RATIO_TARGET} of one round trip`, holds: r.ratioToOneRoundTrip >= ONE_ROUND_TRIP_RATIO_TARGET, ratio: r.ratioToOneRoundTrip }
  }
  const single = all.find((x) => x.store === 'redis')
  if (single === undefined) return { target: 'within 10% of one Redis (not run)', holds: undefined, ratio: r.ratioToOneRoundTrip }
  const lo = single.ratioToOneRoundTrip * (1 - CLUSTER_RATIO_TOLERANCE)
  const hi = single.ratioToOneRoundTrip * (1 + CLUSTER_RATIO_TOLERANCE)
  return {
    target: `${formatNumber(lo, 2)}–${formatNumber(hi, 2)} (one Redis ± 10%)`,
    holds: r.ratioToOneRoundTrip >= lo && r.ratioToOneRoundTrip <= hi,
    ratio: r.ratioToOneRoundTrip,
  }
}

/** `GET /api/me` next to the no-op and the one-round-trip route, per store; `skipped` names stores that could not run. */
export function throughputTable(results: readonly StoreThroughput[], skipped: readonly string[], connections: number, durationSec: number): Table {
  const rows: string[][] = []
  const notes: string[] = []
  for (const r of results) {
    const { target, holds } = ratioTarget(r, results)
    const ok = holds === undefined ? undefined : holds && r.me.failures === 0
    rows.push([r.store, ...route('GET /__bench/noop (no-op)', r.noop), '1', '—', '—', '—'])
    rows.push([r.store, ...route('GET /__bench/one-round-trip (one GET)', r.oneRoundTrip), formatNumber(r.oneRoundTrip.rps / r.noop.rps, 2), '1', '—', '—'])
    rows.push([r.store, ...route('GET /api/me (valid token)', r.me), formatNumber(r.ratio, 2), formatNumber(r.ratioToOneRoundTrip, 2), target, ok === undefined ? '—' : verdict(ok)])
    if (ok === false) {
      notes.push(
        `✖ ${r.store} store: /api/me reaches ${formatNumber(r.ratio, 2)} of the no-op route and ${formatNumber(r.ratioToOneRoundTrip, 2)} of the ` +
          'one-round-trip route. Check the round-trip table below first: anything above 1 per request is the cause; at 1, the rest is ' +
          'the script (HMGET, HGETALL and now and then HSET + PEXPIRE) and the user serialisation.',
      )
    }
  }
  for (const s of skipped) rows.push([s, 'skipped', '—', '—', '—', '—', '—', '—', '—', '—'])
  return {
    title: 'Server throughput: GET /api/me vs. a no-op route and a one-round-trip route',
    description:
      `autocannon from npm on loopback, in a process of its own, ${connections} connections, ${durationSec} s per run; the server runs in a child process ` +
      '(bench/server/benchServer.ts: the reference app with the emulator mounted plus `GET /__bench/noop` and ' +
      '`GET /__bench/one-round-trip` — one key-value GET through the stores\' client — registered on the same app), so every route ' +
      'passes the same plugins. The three routes run one after the other within each repeat, in an order that rotates per repeat; ' +
      'figures are medians, the ratios are medians of the per-repeat ratios of req/s. The cluster is three masters on this machine.',
    headers: ['store', 'route', 'req/s', 'p50 ms', 'p99 ms', 'failures', 'ratio to no-op', 'ratio to one round trip', 'target', 'verdict'],
    rows,
    notes,
  }
}

const perRequest = (n: number): string => formatNumber(n, 2)

/** Redis commands and round trips per request, counted exactly on requests served one at a time. */
export function trafficTable(results: readonly StoreTraffic[]): Table {
  const rows: string[][] = []
  for (const r of results) {
    for (const [name, t, isMe] of [['GET /api/me', r.me, true], ['POST /api/auth/login (known user)', r.login, false]] as const) {
      const breakdown = Object.entries(t.byCommand)
        .sort((a, b) => b[1] - a[1])
        .map(([cmd, n]) => `${cmd} ${perRequest(n)}`)
        .join(', ')
      rows.push([
        r.store,
        name,
        perRequest(t.roundTrips),
        perRequest(t.commands),
        perRequest(t.replies),
        perRequest(t.redisCommands),
        breakdown,
        isMe ? 'exactly 1 round trip' : '—',
        isMe ? verdict(t.roundTrips === 1) : '—',
      ])
    }
  }
  return {
    title: 'Redis traffic per request',
    description:
      `${results[0]?.requests ?? 0} requests of each route, one at a time, after a warm-up (so every node already holds the script). ` +
      'Client side, on the server\'s ioredis connections (server/testing/redisTraffic.ts): round trips (writes the client waited ' +
      'on), commands sent and replies read. Redis side: the `INFO commandstats` delta over every node, which counts a script call and ' +
      'each command the script runs. The session slide writes (HSET + PEXPIRE) only when it moves the idle deadline by 1% of the idle ' +
      'TTL or more, so a burst of requests on one session reads only. Logins are of one known user.',
    headers: ['store', 'route', 'round trips', 'commands sent', 'replies read', 'commands in Redis', 'in Redis, by command', 'target', 'verdict'],
    rows,
    notes: [],
  }
}

/** Login throughput and what bounds it. */
export function loginTable(r: LoginThroughput, meRps: number | undefined): Table {
  const perLoginMs = 1000 / r.login.rps
  return {
    title: 'Login throughput: POST /api/auth/login (memory store, emulator in-process)',
    description:
      `Each request carries a fresh single-use \`wx.login\` code issued by the emulator beforehand (${formatNumber(r.requests)} per run); ` +
      'the second row loads the emulator\'s code2Session endpoint alone with the same kind of codes.',
    headers: ['route', 'req/s', 'p50 ms', 'p99 ms', 'failures'],
    rows: [route('POST /api/auth/login', r.login), route('GET /sns/jscode2session (emulator alone)', r.code2Session)],
    notes: [
      `What bounds it: the server's CPU (one event loop). A login costs about ${formatNumber(perLoginMs, 2)} ms of it` +
        (meRps === undefined ? '' : `, ${formatNumber(meRps / r.login.rps, 1)}× a GET /api/me`) +
        `. The emulator's code2Session alone sustains ${formatNumber(r.code2Session.rps)} req/s, so serving that inbound call ` +
        `accounts for about ${formatNumber((100 * r.login.rps) / r.code2Session.rps)}% of a login; the rest is the login route ` +
        'itself: the outbound `fetch` to code2Session (same process), the per-IP and per-code rate-limit bookkeeping, the user ' +
        'upsert, 32 random bytes and a SHA-256 for the token, and the session and per-user index writes. Against real WeChat the ' +
        "outbound call is a network round trip instead, so logins are then bounded by WeChat's latency and per-appid quota; " +
        'more instances behind a load balancer (stores shared in Redis) scale the CPU part linearly.',
    ],
  }
}

/** Memory growth over the leak run: the second half is held to the target. */
export function memoryTable(m: MemoryGrowth): Table {
  const [h0, h1, h2] = m.heap
  const secondHalf = m.requests - Math.floor(m.requests / 2)
  const growth = h2 - h1
  const limit = Math.max(LEAK_ALLOWANCE_BYTES, LEAK_BYTES_PER_REQUEST * secondHalf)
  const holds = growth <= limit && m.failures === 0
  return {
    title: `Server memory over ${formatNumber(m.requests)} requests (memory store)`,
    description:
      'Authenticated `GET /api/me` (each one reads the session and its user, and slides the session when due) after a warm-up, in two halves; heap ' +
      'and RSS are read in the server process after two forced full GCs (`--expose-gc`) at the start, between the halves and at ' +
      'the end. A leak grows the heap in both halves; one-off growth (JIT code, caches filling) only in the first.',
    headers: ['requests', 'heap: start → middle → end', 'growth, 1st half', 'growth, 2nd half', 'RSS: start → end', 'failures', 'target', 'verdict'],
    rows: [
      [
        formatNumber(m.requests),
        `${formatBytes(h0)} → ${formatBytes(h1)} → ${formatBytes(h2)}`,
        formatBytes(h1 - h0),
        `${formatBytes(growth)} (${formatNumber(growth / secondHalf, 3)} B/request)`,
        `${formatBytes(m.rss[0])} → ${formatBytes(m.rss[2])}`,
        String(m.failures),
        `no leak: 2nd-half growth ≤ ${formatBytes(limit)}`,
        verdict(holds),
      ],
    ],
    notes: holds ? [] : [`✖ the heap grew ${formatBytes(growth)} in the second half; diff two heap snapshots around a run to find what each request retains.`],
  }
}

/** Redis memory per user and per session, the basis of the sizing in docs/server.md. */
export function redisMemoryTable(m: RedisMemoryFigures): Table {
  const b = (n: number): string => `${formatNumber(n)} B`
  const k = m.keyBytes
  const oneSession = m.usedPerUser + m.usedPerSession
  return {
    title: 'Redis memory per user and per session (one Redis, MEMORY USAGE and used_memory)',
    description:
      `${formatNumber(m.users)} users made as a login makes them (28-character openid, a nickname, an avatar path), each with one and ` +
      'then two sessions issued by SessionService, in the production layout (`wxls:` prefix). MEMORY USAGE (SAMPLES 0, median over ' +
      '200 keys) is each key alone; the used_memory growth also carries the keyspace and expiry-dictionary entries, so it is the ' +
      'figure to size with.',
    headers: ['what', 'keys', 'MEMORY USAGE', 'used_memory growth'],
    rows: [
      ['a user', '`{T}:user` hash, `user-tag:<id>`, `openid:<openid>`', `${b(k.user)} + ${b(k.userTag)} + ${b(k.openid)}`, b(m.usedPerUser)],
      ['their first session', '`{T}:s:<sha256>` hash (PX), `{T}:sessions` set (PX)', `${b(k.session)} + index`, b(m.usedPerSession)],
      ['each further session', '`{T}:s:<sha256>`, one more index member', b(k.session), b(m.usedPerExtraSession)],
      ['the session index with two sessions', '`{T}:sessions`', b(k.sessionIndex), '—'],
      ['a user with one session', '', '—', b(oneSession)],
    ],
    notes: [],
  }
}

/**
 * The production rows: each pair loaded side by side in one run, the ratio b / a of req/s against its target
 * (informational rows have none). A load average above the core count around the runs is called out: another
 * process then took CPU from the server or the load generator, and the absolute figures are not the machine's.
 */
export function productionTable(r: ProductionRows, connections: number, durationSec: number): Table {
  const rows: string[][] = []
  const notes: string[] = []
  for (const p of r.pairs) {
    const ok = p.target === undefined ? undefined : p.ratio >= p.target && p.a.figures.failures === 0 && p.b.figures.failures === 0
    rows.push([
      p.label,
      `GET ${p.route}`,
      `${p.a.name}: ${formatNumber(p.a.figures.rps)}`,
      `${p.b.name}: ${formatNumber(p.b.figures.rps)}`,
      `${formatNumber(p.a.figures.p99, 1)} / ${formatNumber(p.b.figures.p99, 1)}`,
      String(p.a.figures.failures + p.b.figures.failures),
      formatNumber(p.ratio, 2),
      p.target === undefined ? 'informational' : `≥ ${p.target}`,
      ok === undefined ? '—' : verdict(ok),
    ])
    if (ok === false) notes.push(`✖ ${p.label}: ${formatNumber(p.ratio, 2)} of ${p.a.name} on GET ${p.route}, below ${String(p.target)}.`)
  }
  for (const s of r.skipped) rows.push([s, '—', '—', '—', '—', '—', '—', '—', 'skipped'])
  const busy = Math.max(...r.load) > r.cores
  if (busy) {
    notes.push(
      `⚠ The 1-minute load average was ${formatNumber(r.load[0], 2)} before these runs and ${formatNumber(r.load[1], 2)} after, on ` +
        `${r.cores} cores: other processes shared the CPU, so the req/s figures are below what this machine does on its own. ` +
        'The ratios are still taken side by side, but record a run on a quiet machine before trusting them.',
    )
  }
  return {
    title: 'Server in production: plugin stack and logging cost',
    description:
      'The production preset is the compiled server (`npm run build:server`, started with `node`) with `NODE_ENV=production`, ' +
      'pointed at the standalone WeChat emulator in a process of its own, its log lines written to /dev/null. ' +
      '`GET /livez` is the no-op route (a constant answer through every plugin and hook); the bare Fastify app serves the same ' +
      `route with no plugin. autocannon runs as its own process (plain node), ${connections} connections, ${durationSec} s per run; ` +
      'the two sides of a row run one after the other within each repeat (the order alternates); figures are medians, the ratio is ' +
      `the median of the per-repeat ratios of req/s (right over left). Load average (1 min) before / after: ${formatNumber(r.load[0], 2)} / ` +
      `${formatNumber(r.load[1], 2)} on ${r.cores} cores.`,
    headers: ['row', 'route', 'left req/s', 'right req/s', 'p99 ms (left / right)', 'failures', 'ratio', 'target', 'verdict'],
    rows,
    notes,
  }
}

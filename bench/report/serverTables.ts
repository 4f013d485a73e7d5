import type { LoginThroughput, MemoryGrowth, RouteFigures, StoreThroughput } from '../server/runThroughput'
import { verdict, type Table } from '../support/markdownTable'
import { formatBytes, formatNumber } from '../support/stats'

/** The target for `/api/me` over the no-op route, memory store. */
export const THROUGHPUT_RATIO_TARGET = 0.7
/** Heap growth over the second half of the leak run that counts as a leak: 2 bytes per request… */
export const LEAK_BYTES_PER_REQUEST = 2
/** …but at least 1 MiB, the noise of a heap reading after GC on short (quick) runs. */
export const LEAK_ALLOWANCE_BYTES = 1024 * 1024

const route = (name: string, f: RouteFigures): string[] => [name, formatNumber(f.rps), formatNumber(f.p50, 1), formatNumber(f.p99, 1), String(f.failures)]

/** `GET /api/me` next to the no-op route, per store; `skipped` names stores that could not run. */
export function throughputTable(results: readonly StoreThroughput[], skipped: readonly string[], connections: number, durationSec: number): Table {
  const rows: string[][] = []
  const notes: string[] = []
  for (const r of results) {
    const target = r.store === 'memory' ? `≥ ${THROUGHPUT_RATIO_TARGET}` : '— (informational)'
    const holds = r.store === 'memory' ? r.ratio >= THROUGHPUT_RATIO_TARGET && r.me.failures === 0 : undefined
    rows.push([r.store, ...route(`GET ${'/__bench/noop'} (no-op)`, r.noop), '1', '—', '—'])
    rows.push([r.store, ...route('GET /api/me (valid token)', r.me), formatNumber(r.ratio, 2), target, holds === undefined ? '—' : verdict(holds)])
    if (holds === false) {
      notes.push(
        `✖ ${r.store} store: /api/me reaches ${formatNumber(r.ratio, 2)} of the no-op route. Each request hashes the token, ` +
          'reads the session, writes it back to slide the idle TTL and serialises the user through its schema; ' +
          'sliding at most once per minute per session (skip the write when the deadline moved less than that) would remove the write.',
      )
    }
  }
  for (const s of skipped) rows.push([s, 'skipped', '—', '—', '—', '—', '—', '—', '—'])
  return {
    title: 'Server throughput: GET /api/me vs. a no-op route',
    description:
      `autocannon from npm on loopback, ${connections} connections, ${durationSec} s per run; the server runs in a child process ` +
      '(bench/server/benchServer.ts: the reference app with the emulator mounted plus `GET /__bench/noop` registered on the same ' +
      'app), so both routes pass the same plugins. The two routes alternate within each repeat; figures are medians, the ratio is ' +
      'the median of the per-repeat ratios of req/s.',
    headers: ['store', 'route', 'req/s', 'p50 ms', 'p99 ms', 'failures', 'ratio to no-op', 'target', 'verdict'],
    rows,
    notes,
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
      'Authenticated `GET /api/me` (each one slides the session, i.e. writes to the store) after a warm-up, in two halves; heap ' +
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

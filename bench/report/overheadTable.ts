import type { OverheadResult } from '../overhead/runOverhead'
import { verdict, type Table } from '../support/markdownTable'
import { formatNumber } from '../support/stats'

/** The target for client/raw time per request. */
export const OVERHEAD_TARGET = 1.5

/** The client-overhead table; notes explain every missed row. */
export function overheadTable(results: readonly OverheadResult[]): Table {
  const notes: string[] = []
  const rows = results.map((r) => {
    const holds = r.ratio <= OVERHEAD_TARGET
    if (!holds) {
      notes.push(
        `✖ ${r.transport}, ${r.workload}: the client adds ${formatNumber(r.clientMicros - r.rawMicros, 2)} µs per request ` +
          `over a transport call that costs ${formatNumber(r.rawMicros, 2)} µs, so the ratio is ${formatNumber(r.ratio, 2)}.`,
      )
    }
    return [
      r.transport,
      r.workload,
      formatNumber(r.rawMicros, 2),
      formatNumber(r.clientMicros, 2),
      formatNumber(r.clientMicros - r.rawMicros, 2),
      formatNumber(r.ratio, 2),
      `≤ ${OVERHEAD_TARGET}`,
      verdict(holds),
    ]
  })
  return {
    title: 'Client overhead: request client vs. raw transport (in memory)',
    description:
      '`auth.http.request({ url: "/api/me" })` with a valid session against calling the same transport directly ' +
      '(`platform.request`, the same request built per call). Raw and client run back to back on a fresh transport in each ' +
      'repeat, after a warm-up; times are medians per request, the ratio is the median of the per-repeat ratios.',
    headers: ['transport', 'workload', 'raw µs/req', 'client µs/req', 'added µs/req', 'ratio', 'target', 'verdict'],
    rows,
    notes: notes.length === 0 ? notes : [...notes, WHY_AND_FIX],
  }
}

/** Why the client costs what it costs, from a CPU profile of 1M client requests on the zero-work transport. */
const WHY_AND_FIX =
  'Why: a CPU profile of the client on the zero-work transport puts about a fifth of its time in URL string work that ' +
  'runs on every request, also on success (`buildURL` joins and normalises the URL; `describeCall`/`redactURL` build the ' +
  'error-message label eagerly), and most of the rest in promise turns: the `Promise.resolve().then` hop in `request()`, ' +
  '`getToken()` awaiting `ready()` and the in-flight login even when the session is valid, and three `runHooks` awaits with ' +
  'empty hook lists. What would close the gap (library code in src/auth/http and src/auth/session): build the call label ' +
  'only when an error is thrown, skip `runHooks` when a list is empty, cache the joined URL per path without a query, and ' +
  'return the token synchronously-resolved when the session is valid and nothing is in flight. Against any real transport ' +
  '(loopback HTTP costs ~50–100 µs per request, a phone network milliseconds) the added 1–6 µs is below 1%.'

import { median } from '../support/stats'
import type { BuiltLibrary } from './builtLibrary'
import type { MemoryTransport } from './memoryPlatform'

/** The sizes of the overhead bench. */
export interface OverheadPlan {
  sequential: number
  concurrentTotal: number
  concurrency: number
  repeats: number
}

/** One transport for the overhead bench, made afresh for every repeat. */
export interface OverheadTransport {
  name: string
  make(lib: BuiltLibrary): MemoryTransport
}

/** One row: medians over the repeats, each repeat timing raw and client side by side. */
export interface OverheadResult {
  transport: string
  workload: string
  requests: number
  rawMicros: number
  clientMicros: number
  /** The median of the per-repeat ratios client/raw. */
  ratio: number
}

type Call = () => Promise<unknown>

async function sequential(call: Call, count: number): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < count; i++) await call()
  return performance.now() - started
}

async function concurrent(call: Call, total: number, concurrency: number): Promise<number> {
  const perWorker = Math.ceil(total / concurrency)
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = 0; i < perWorker; i++) await call()
    }),
  )
  return performance.now() - started
}

/** A logged-in client and the equivalent raw call on a fresh transport. */
async function pair(lib: BuiltLibrary, transport: OverheadTransport): Promise<{ raw: Call; client: Call }> {
  const { platform, token } = transport.make(lib)
  const baseURL = 'http://memory.invalid'
  const auth = lib.createAuth({ platform, baseURL })
  await auth.session.login()
  const url = `${baseURL}/api/me`
  const authorization = `Bearer ${token()}`
  return {
    // The raw call builds its request per call, as any caller of the transport must.
    raw: () => platform.request({ url, method: 'GET', headers: { Authorization: authorization }, timeoutMs: 10_000 }),
    client: () => auth.http.request({ url: '/api/me' }),
  }
}

/**
 * Compares `auth.http.request` with calling the same in-memory transport directly, sequentially and
 * at a fixed concurrency. Every repeat uses a fresh transport, warms both paths up, then times raw
 * and client back to back, so the ratio is taken side by side before the median.
 */
export async function runOverhead(plan: OverheadPlan, lib: BuiltLibrary, transports: readonly OverheadTransport[]): Promise<OverheadResult[]> {
  const workloads = [
    { name: `${plan.sequential.toLocaleString('en-US')} sequential`, requests: plan.sequential, run: (c: Call, n: number) => sequential(c, n) },
    {
      name: `${plan.concurrentTotal.toLocaleString('en-US')} at concurrency ${plan.concurrency}`,
      requests: plan.concurrentTotal,
      run: (c: Call, n: number) => concurrent(c, n, plan.concurrency),
    },
  ]
  const results: OverheadResult[] = []
  for (const transport of transports) {
    for (const w of workloads) {
      const rawMs: number[] = []
      const clientMs: number[] = []
      const ratios: number[] = []
      for (let r = 0; r < plan.repeats; r++) {
        const { raw, client } = await pair(lib, transport)
        await w.run(raw, Math.ceil(w.requests / 10))
        await w.run(client, Math.ceil(w.requests / 10))
        const a = await w.run(raw, w.requests)
        const b = await w.run(client, w.requests)
        rawMs.push(a)
        clientMs.push(b)
        ratios.push(b / a)
      }
      results.push({
        transport: transport.name,
        workload: w.name,
        requests: w.requests,
        rawMicros: (median(rawMs) * 1000) / w.requests,
        clientMicros: (median(clientMs) * 1000) / w.requests,
        ratio: median(ratios),
      })
    }
  }
  return results
}

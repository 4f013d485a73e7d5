/**
 * The server side of the fuzz suites: a reference server (emulator mounted, real HTTP to it) with every
 * log line and answer watched for secrets, and the one property every endpoint must keep whatever it is
 * sent: never a 5xx, never a crash, and every error in the `{ error, message }` shape.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'
import { startServer, type StartServerOptions, type StartedServer } from '../../../server/testing/startServer'
import { createLeakWatch, type LeakWatch } from '../../../testkit/leakWatch'
import { splitRuns } from '../../support/fuzz/fuzzRuns'
import { sendOverSocket, toWire } from './overSocket'

/** Every how-many-th request of a suite goes over a real socket instead of `inject()`. */
export const SOCKET_EVERY = 4

/**
 * The server suites' share of `FUZZ_RUNS` (default 1000 in total across the server endpoints), by
 * property; each spec file takes its own entries.
 */
export const SERVER_FUZZ_RUNS = splitRuns({
  login: 18,
  badTokens: 13,
  authedJson: 22,
  avatar: 13,
  routes: 13,
  headers: 9,
  wire: 12,
})

/** A started fuzz target. */
export interface FuzzServer {
  server: StartedServer
  watch: LeakWatch
  /**
   * Sends the request, records the answer and checks the endpoint property on it: every
   * {@link SOCKET_EVERY}-th request that can go on the wire goes over a real socket, the others through
   * `app.inject()`.
   */
  send(request: InjectOptions): Promise<LightMyRequestResponse>
  /** How many requests went over a real socket, and how many in all. */
  counts(): { socket: number; total: number }
  /** Logs a fresh emulator user in and returns the bearer token. */
  login(): Promise<string>
  /** Checks the app still answers, registers the access token, closes, and fails on any leak. */
  close(): Promise<void>
}

/** Starts a {@link FuzzServer}; the login and upload rate limits are lifted so that fuzzed requests reach validation. */
export async function startFuzzServer(options: StartServerOptions = {}): Promise<FuzzServer> {
  const watch = createLeakWatch()
  const server = await startServer({
    logLevel: 'info',
    loginRateLimit: 1_000_000,
    avatarRateLimit: 1_000_000,
    ...options,
    deps: { ...options.deps, logStream: watch.logStream },
  })
  watch.watchServer(server)

  const port = Number(new URL(server.url).port)
  let total = 0
  let overSocket = 0
  async function send(request: InjectOptions): Promise<LightMyRequestResponse> {
    total++
    const wire = total % SOCKET_EVERY === 0 ? toWire(request) : undefined
    if (wire !== undefined) overSocket++
    const response = wire === undefined ? await server.app.inject(request) : await sendOverSocket(port, wire, request.method ?? 'GET')
    watch.recordBody(`${request.method ?? 'GET'} ${String(request.url)}`, response.body)
    expectWellFormed(response, request)
    return response
  }

  return {
    server,
    watch,
    send,
    counts: () => ({ socket: overSocket, total }),
    async login() {
      const { code } = server.app.wxEmulator.issueLoginCode()
      const response = await send({ method: 'POST', url: '/api/auth/login', payload: { code } })
      expect(response.statusCode, response.body).toBe(200)
      const token = response.json<{ token: string }>().token
      watch.addSecret(token, 'bearer token', 'logs')
      return token
    },
    async close() {
      const health = await server.app.inject({ method: 'GET', url: '/healthz' })
      expect(health.statusCode).toBe(200)
      await watch.collectAccessToken(server)
      await server.close()
      console.log(`[fuzz] ${overSocket} of ${total} requests went over a real socket`)
      watch.assertClean()
    },
  }
}

/**
 * The endpoint property: below 500, and a non-2xx answer with a body is JSON `{ error, message }` with a
 * stable snake_case code. HEAD answers and bodiless 204/304s have nothing to check.
 */
export function expectWellFormed(response: LightMyRequestResponse, request: InjectOptions): void {
  const where = `${request.method ?? 'GET'} ${String(request.url).slice(0, 120)} -> ${response.statusCode}`
  expect(response.statusCode, where).toBeLessThan(500)
  if (response.statusCode < 400 || request.method === 'HEAD') return
  let body: unknown
  try {
    body = JSON.parse(response.body)
  } catch {
    throw new Error(`${where}: the error body is not JSON: ${response.body.slice(0, 200)}`)
  }
  expect(body, where).toEqual({ error: expect.stringMatching(/^[a-z][a-z0-9_]{1,63}$/), message: expect.any(String) })
}

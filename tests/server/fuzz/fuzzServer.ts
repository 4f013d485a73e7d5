/**
 * The server side of the fuzz suites: a reference server (emulator mounted, real HTTP to it) with every
 * log line and answer watched for secrets, and the one property every endpoint must keep whatever it is
 * sent: never a 5xx, never a crash, and every error in the `{ error, message }` shape.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'
import { startServer, type StartServerOptions, type StartedServer } from '../../../server/testing/startServer'
import { createLeakWatch, type LeakWatch } from '../../support/leakWatch'
import { splitRuns } from '../../support/fuzz/fuzzRuns'

/**
 * The server suites' share of `FUZZ_RUNS` (default 1000 in total across the server endpoints), by
 * property; each spec file takes its own entries.
 */
export const SERVER_FUZZ_RUNS = splitRuns({
  login: 20,
  badTokens: 15,
  authedJson: 25,
  avatar: 15,
  routes: 15,
  headers: 10,
})

/** A started fuzz target. */
export interface FuzzServer {
  server: StartedServer
  watch: LeakWatch
  /** `app.inject()` that records the answer and checks the endpoint property on it. */
  send(request: InjectOptions): Promise<LightMyRequestResponse>
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

  async function send(request: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await server.app.inject(request)
    watch.recordBody(`${request.method ?? 'GET'} ${String(request.url)}`, response.body)
    expectWellFormed(response, request)
    return response
  }

  return {
    server,
    watch,
    send,
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

import { expect } from 'vitest'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import type { FaultSpec } from '../../../packages/wx-emulator/src/index'
import { startServer } from '../../../server/testing/startServer'
import type { StartedServer, StartServerOptions } from '../../../server/testing/startServer'
import { manualClock, type ManualClock } from './manualClock'

export { manualClock, type ManualClock }

/** What a successful login through the harness returns. */
export interface TestLogin {
  token: string
  expiresAt: number
  user: { id: string; openid: string; unionid?: string; nickname: string; avatarUrl: string; createdAt: number }
  openid: string
}

/**
 * A reference server (emulator mounted, listening on a free port) wrapped for route tests. Every answer that goes
 * through `request` and every log line is recorded; `close()` then fails the test if any of them contains a
 * session_key WeChat handed out, the AppSecret or an access token, or if a log line contains a code or a bearer
 * token. The real WeChat HTTP client is exercised: the server calls the emulator over HTTP.
 */
export interface TestServer {
  url: string
  server: StartedServer
  app: StartedServer['app']
  clock: ManualClock
  /** Raw log lines (JSON). */
  logs: string[]
  /** `app.inject()` that records the answer for the leak check. */
  request(options: InjectOptions): Promise<LightMyRequestResponse>
  /** Gets a fresh wx.login code from the emulator and logs in with it; fails the test unless it is a 200. */
  login(user?: { openid?: string; unionid?: string; sessionKey?: string }): Promise<TestLogin>
  /** A wx.login code from the emulator, without logging in. */
  loginCode(user?: { openid?: string; unionid?: string; sessionKey?: string }): string
  /** Queues an emulator fault (`POST /__emulator/faults`). */
  fault(spec: FaultSpec): Promise<void>
  /** Authorization header for `token`. */
  bearer(token: string): { authorization: string }
  /** Log lines parsed as objects. */
  logObjects(): Record<string, unknown>[]
  /** Closes the server and runs the leak check. */
  close(): Promise<void>
}

/** Options of {@link startTestServer}: startServer's, plus an optional clock. */
export type TestServerOptions = StartServerOptions & { clock?: ManualClock }

/** Starts a {@link TestServer}; call `close()` in afterEach. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { clock = manualClock(), deps = {}, ...config } = options
  const logs: string[] = []
  const bodies: string[] = []
  const sessionKeys = new Set<string>()
  const accessTokens = new Set<string>()
  const codes = new Set<string>()
  const tokens = new Set<string>()

  // Observes what WeChat (the emulator) hands the server, so the leak check knows what to look for.
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init)
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (url.includes('/sns/jscode2session') || url.includes('/cgi-bin/stable_token')) {
      const data: unknown = await response.clone().json().catch(() => undefined)
      if (typeof data === 'object' && data !== null) {
        const { session_key: key, access_token: accessToken } = data as Record<string, unknown>
        if (typeof key === 'string') sessionKeys.add(key)
        if (typeof accessToken === 'string') accessTokens.add(accessToken)
      }
    }
    return response
  }

  const server = await startServer({
    logLevel: 'info',
    ...config,
    deps: {
      now: clock.now,
      fetch: recordingFetch,
      sleep: async () => {},
      logStream: { write: (line: string) => void logs.push(line) },
      ...deps,
    },
  })
  const { app } = server

  const request = async (inject: InjectOptions): Promise<LightMyRequestResponse> => {
    const response = await app.inject(inject)
    bodies.push(response.body)
    return response
  }

  const loginCode: TestServer['loginCode'] = (user = {}) => {
    const { code } = app.wxEmulator.issueLoginCode(user)
    codes.add(code)
    return code
  }

  return {
    url: server.url,
    server,
    app,
    clock,
    logs,
    request,
    loginCode,
    async login(user = {}) {
      const code = loginCode(user)
      const response = await request({ method: 'POST', url: '/api/auth/login', payload: { code } })
      expect(response.statusCode, response.body).toBe(200)
      const body = response.json<Omit<TestLogin, 'openid'>>()
      tokens.add(body.token)
      return { ...body, openid: body.user.openid }
    },
    async fault(spec) {
      const response = await app.inject({ method: 'POST', url: '/__emulator/faults', payload: spec })
      expect(response.statusCode, response.body).toBe(201)
    },
    bearer: (token) => ({ authorization: `Bearer ${token}` }),
    logObjects: () => logs.map((line) => JSON.parse(line) as Record<string, unknown>),
    async close() {
      await server.close()
      const secrets = [...sessionKeys, ...accessTokens, config.secret ?? app.ctx.config.secret]
      for (const body of bodies) {
        for (const secret of secrets) expect(body.includes(secret), `a response leaked a secret: ${body}`).toBe(false)
      }
      const notInLogs = [...secrets, ...codes, ...tokens]
      for (const line of logs) {
        for (const secret of notInLogs) expect(line.includes(secret), `a log line leaked a secret: ${line}`).toBe(false)
      }
    },
  }
}

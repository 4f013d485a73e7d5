/**
 * What the test backends of other projects share: a Fastify app on a loopback port, a session table
 * with counters, a controllable clock, and switches that make the next login answer malformed or
 * make the backend forget every session (a restart of a backend whose sessions lived in memory).
 * Each backend (ruoyiVuePlus.ts, yudaoMember.ts, litemall.ts, headerSession.ts) adds the routes and
 * wire shapes of its project.
 */
import { randomBytes } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import type { RunningEmulator } from './wechatEmulator'

/** Counts of what reached a test backend. */
export interface BackendCounts {
  /** Successful logins (sessions issued by a login call). */
  logins: number
  /** Login calls, successful or not. */
  loginCalls: number
  /** Refresh calls, successful or not. */
  refreshCalls: number
  refreshes: number
  /** Protected calls that carried a valid token. */
  authorized: number
  /** Protected calls refused as "not logged in / expired". */
  refused: number
  logouts: number
}

/** One session as a backend keeps it. */
export interface BackendSession {
  userId: number
  openid: string
  expiresAt: number
  refreshToken?: string
}

/** Options every test backend takes. */
export interface TestBackendOptions {
  emulator: RunningEmulator
  /** The backend's clock (ms); default `Date.now`. */
  now?: () => number
  /** The loopback port; default a free one. A compiled app that has its backend's URL built in needs a fixed one. */
  port?: number
}

/** The controls every test backend gives its tests. */
export interface TestBackend {
  readonly url: string
  readonly counts: BackendCounts
  /** Forgets every access token (refresh tokens survive unless `refreshTokens` is true). */
  forget(options?: { refreshTokens?: boolean }): void
  /** The next successful login answers `body` instead (a malformed answer). */
  breakNextLogin(body: unknown): void
  /** The access tokens the backend currently honours. */
  liveTokens(): string[]
  close(): Promise<void>
}

/** The shared machinery; see the module comment. */
export interface BackendKit {
  readonly app: FastifyInstance
  readonly counts: BackendCounts
  readonly sessions: Map<string, BackendSession>
  readonly refreshTokens: Map<string, { userId: number; openid: string; expiresAt: number }>
  now(): number
  /** The user id of an openid, created on first sight. */
  userOf(openid: string): number
  /** A random opaque token. */
  newToken(bytes?: number): string
  /** Takes the malformed body queued by `breakNextLogin`, if any. */
  takeBrokenLogin(): { body: unknown } | undefined
  /** Starts listening and returns the test's controls. */
  start(extra?: Partial<TestBackend>): Promise<TestBackend>
}

/** Creates a {@link BackendKit}. */
export function createBackendKit(options: TestBackendOptions): BackendKit {
  const app = Fastify({ logger: false })
  // WeChat's wx.request sends `Content-Type: application/json` on a bodiless POST (yudao's refresh-token and
  // logout calls). Spring reads `@RequestParam`s and headers there and never looks at the empty body; Fastify
  // would answer 400 before any route ran. Like Spring, an empty JSON body reads as none.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    if (text.trim() === '') done(null, undefined)
    else parseJson(request, text, done)
  })
  const counts: BackendCounts = { logins: 0, loginCalls: 0, refreshCalls: 0, refreshes: 0, authorized: 0, refused: 0, logouts: 0 }
  const sessions = new Map<string, BackendSession>()
  const refreshTokens = new Map<string, { userId: number; openid: string; expiresAt: number }>()
  const users = new Map<string, number>()
  const now = options.now ?? Date.now
  let broken: { body: unknown } | undefined

  return {
    app,
    counts,
    sessions,
    refreshTokens,
    now,
    userOf(openid) {
      let id = users.get(openid)
      if (id === undefined) {
        id = 1000 + users.size
        users.set(openid, id)
      }
      return id
    },
    newToken: (bytes = 16) => randomBytes(bytes).toString('hex'),
    takeBrokenLogin() {
      const out = broken
      broken = undefined
      return out
    },
    async start(extra = {}) {
      const url = await app.listen({ host: '127.0.0.1', port: options.port ?? 0 })
      return {
        url,
        counts,
        forget(opts = {}) {
          sessions.clear()
          if (opts.refreshTokens === true) refreshTokens.clear()
        },
        breakNextLogin(body) {
          broken = { body }
        },
        liveTokens: () => [...sessions.keys()],
        close: () => app.close(),
        ...extra,
      }
    },
  }
}

/**
 * Watches a test suite for secrets leaving the server: WeChat session_key values, the AppSecret and
 * WeChat access tokens must appear in no response body and no log line; wx.login codes and our own
 * bearer tokens, which some bodies carry by design, must appear in no log line. A suite passes
 * `logStream` to the server, records the bodies it receives, registers the secrets it learns, and
 * calls `assertClean()` at the end. Reports name the kind of secret and where, never its value.
 */
import type { StartedServer } from '../../server/testing/startServer'

/** Where a secret must never appear. */
export type SecretScope = 'everywhere' | 'logs'

/** See the module comment. */
export interface LeakWatch {
  /** A pino destination that keeps every line; pass it as `deps.logStream` (with a log level that is not `silent`). */
  readonly logStream: { write(line: string): void }
  readonly logLines: readonly string[]
  /** Bodies recorded so far. */
  readonly bodyCount: number
  addSecret(value: string, kind: string, scope?: SecretScope): void
  /** Records a response body (any shape; non-strings are serialised). */
  recordBody(where: string, body: unknown): void
  /**
   * Registers the server's AppSecret and, from now on, every session_key its emulator hands out (observing
   * `issueLoginCode`, which `/__emulator/login-code` uses; the call itself is unchanged).
   */
  watchServer(server: Pick<StartedServer, 'app'>): void
  /** Asks the emulator for the current stable access token and registers it; call before `assertClean`. */
  collectAccessToken(server: Pick<StartedServer, 'url' | 'app'>): Promise<void>
  /** The number of secrets registered, per kind, so suites can show the check had something to look for. */
  secretCounts(): Record<string, number>
  /** Throws when any registered secret appears where it must not. */
  assertClean(): void
}

/** Creates an empty {@link LeakWatch}. */
export function createLeakWatch(): LeakWatch {
  const secrets = new Map<string, { kind: string; scope: SecretScope }>()
  const logLines: string[] = []
  const bodies: Array<{ where: string; text: string }> = []

  function addSecret(value: string, kind: string, scope: SecretScope = 'everywhere'): void {
    // Very short values would match by accident; real secrets here are 16+ characters.
    if (value.length < 8) return
    const known = secrets.get(value)
    if (known?.scope === 'everywhere') return
    secrets.set(value, { kind, scope })
  }

  function forms(value: string): string[] {
    const encoded = encodeURIComponent(value)
    return encoded === value ? [value] : [value, encoded]
  }

  return {
    logStream: {
      write(line: string) {
        logLines.push(line)
      },
    },
    logLines,
    get bodyCount() {
      return bodies.length
    },
    addSecret,
    recordBody(where, body) {
      // A login answer carries our bearer token by design; it must still never be logged.
      const token = typeof body === 'object' && body !== null ? (body as { token?: unknown }).token : undefined
      if (typeof token === 'string') addSecret(token, 'bearer token', 'logs')
      const text = typeof body === 'string' ? body : body === undefined ? '' : safeStringify(body)
      bodies.push({ where, text })
    },
    watchServer(server) {
      const app = server.app
      addSecret(app.ctx.config.secret, 'AppSecret')
      const emulator = app.wxEmulator
      const issue = emulator.issueLoginCode.bind(emulator)
      emulator.issueLoginCode = (request) => {
        const grant = issue(request)
        const user = emulator.users.get(grant.openid)
        if (user) addSecret(user.sessionKey, 'session_key')
        addSecret(grant.code, 'wx.login code', 'logs')
        return grant
      }
    },
    async collectAccessToken(server) {
      const { appid, secret } = server.app.ctx.config
      const res = await fetch(`${server.url}/cgi-bin/stable_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid, secret }),
      })
      const data = (await res.json()) as { access_token?: unknown }
      if (typeof data.access_token !== 'string') throw new Error('leakWatch: the emulator gave no access token')
      addSecret(data.access_token, 'access_token')
    },
    secretCounts() {
      const counts: Record<string, number> = {}
      for (const { kind } of secrets.values()) counts[kind] = (counts[kind] ?? 0) + 1
      return counts
    },
    assertClean() {
      const leaks: string[] = []
      for (const [value, { kind, scope }] of secrets) {
        const needles = forms(value)
        const logHit = logLines.findIndex((line) => needles.some((n) => line.includes(n)))
        if (logHit >= 0) leaks.push(`${kind} in log line #${logHit + 1}`)
        if (scope === 'everywhere') {
          const bodyHit = bodies.find((b) => needles.some((n) => b.text.includes(n)))
          if (bodyHit) leaks.push(`${kind} in a response body of ${bodyHit.where}`)
        }
      }
      if (leaks.length > 0) throw new Error(`secrets leaked:\n  ${[...new Set(leaks)].join('\n  ')}`)
    },
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? ''
  } catch {
    return String(value)
  }
}

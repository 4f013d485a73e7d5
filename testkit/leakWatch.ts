/**
 * Watches a test suite for secrets leaving the server: WeChat session_key values, the AppSecret and
 * WeChat access tokens must appear in no response body and no log line; wx.login codes and our own
 * bearer tokens, which some bodies carry by design, must appear in no log line. A suite passes
 * `logStream` to the server, records the bodies it receives, registers the secrets it learns, and
 * calls `assertClean()` at the end. Reports name the kind of secret and where, never its value.
 */
import type { StartedServer } from '../server/testing/startServer'

/** Where a secret must never appear. */
export type SecretScope = 'everywhere' | 'logs'

/** See the module comment. */
export interface LeakWatch {
  /** A pino destination that keeps every line; pass it as `deps.logStream` (with a log level that is not `silent`). */
  readonly logStream: { write(line: string): void }
  /** Lines captured since the last checkpoint. */
  readonly logLines: readonly string[]
  /** Log lines and bodies recorded in total. */
  readonly logLineCount: number
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
  /**
   * `assertClean()`, then forgets the lines and bodies checked so far (secrets are kept). Long runs call it
   * between rounds so memory and check time stay flat; the counts keep growing.
   */
  checkpoint(): void
}

/** Creates an empty {@link LeakWatch}. */
export function createLeakWatch(): LeakWatch {
  const secrets = new Map<string, { kind: string; scope: SecretScope }>()
  const logLines: string[] = []
  const bodies: Array<{ where: string; text: string }> = []
  let logLineCount = 0
  let bodyCount = 0

  function addSecret(value: string, kind: string, scope: SecretScope = 'everywhere'): void {
    // Very short values would match by accident; real secrets here are 16+ characters.
    if (value.length < PREFIX) return
    const known = secrets.get(value)
    if (known?.scope === 'everywhere') return
    secrets.set(value, { kind, scope })
  }

  function assertClean(): void {
    // NOTE: indexed by a fixed-length prefix, so a check is linear in the text, not text × secrets;
    // thousands of secrets over megabytes of logs would otherwise take minutes.
    const all = new Map<string, Needle[]>()
    const bodyOnly = new Map<string, Needle[]>()
    for (const [value, { kind, scope }] of secrets) {
      for (const needle of forms(value)) {
        index(all, { needle, kind })
        if (scope === 'everywhere') index(bodyOnly, { needle, kind })
      }
    }
    const leaks = new Set<string>()
    logLines.forEach((line, i) => {
      for (const kind of scan(line, all)) leaks.add(`${kind} in log line #${logLineCount - logLines.length + i + 1}`)
    })
    for (const body of bodies) for (const kind of scan(body.text, bodyOnly)) leaks.add(`${kind} in a response body of ${body.where}`)
    if (leaks.size > 0) throw new Error(`secrets leaked:\n  ${[...leaks].join('\n  ')}`)
  }

  return {
    logStream: {
      write(line: string) {
        logLines.push(line)
        logLineCount++
      },
    },
    logLines,
    get logLineCount() {
      return logLineCount
    },
    get bodyCount() {
      return bodyCount
    },
    addSecret,
    recordBody(where, body) {
      // A login answer carries our bearer token by design; it must still never be logged.
      const token = typeof body === 'object' && body !== null ? (body as { token?: unknown }).token : undefined
      if (typeof token === 'string') addSecret(token, 'bearer token', 'logs')
      const text = typeof body === 'string' ? body : body === undefined ? '' : safeStringify(body)
      bodies.push({ where, text })
      bodyCount++
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
    assertClean,
    checkpoint() {
      assertClean()
      logLines.length = 0
      bodies.length = 0
    },
  }
}

/** Secrets are indexed by their first characters; every registered secret is at least this long. */
const PREFIX = 8

interface Needle {
  needle: string
  kind: string
}

function forms(value: string): string[] {
  const encoded = encodeURIComponent(value)
  return encoded === value ? [value] : [value, encoded]
}

function index(map: Map<string, Needle[]>, needle: Needle): void {
  const key = needle.needle.slice(0, PREFIX)
  const list = map.get(key)
  if (list) list.push(needle)
  else map.set(key, [needle])
}

/** The kinds of the secrets found in `text`. */
function scan(text: string, map: Map<string, Needle[]>): Set<string> {
  const found = new Set<string>()
  if (map.size === 0) return found
  for (let i = 0; i + PREFIX <= text.length; i++) {
    const list = map.get(text.slice(i, i + PREFIX))
    if (list) for (const { needle, kind } of list) if (text.startsWith(needle, i)) found.add(kind)
  }
  return found
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? ''
  } catch {
    return String(value)
  }
}

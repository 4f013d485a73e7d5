/**
 * Keep-alive load across a server shutdown, with no proxy in between: clients hammer the server on pooled
 * connections while it shuts down, and every outcome is counted. The one failure is a reset: a request that was
 * sent on an open connection and got no answer (`ECONNRESET`, `other side closed`, `socket hang up`).
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { Agent, get as httpGet } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import { fileURLToPath } from 'node:url'

/** What the clients saw. */
export interface ShutdownTally {
  /** 200 answers. */
  ok: number
  /** 503 service_unavailable answers with `Connection: close` and `Retry-After`. */
  shed: number
  /** Any other answer (a 503 without the headers included); must be 0. */
  other: number
  /**
   * Connections that never opened once the listener had closed (refused, or reset by the kernel during the
   * handshake): no request was sent on them, so nothing was lost.
   */
  refused: number
  /** Requests sent on an open connection that got no answer; must be 0. */
  resets: number
  /** The first few reset and other messages, for the report. */
  samples: string[]
}

/** One GET on the keep-alive `agent`: the answer, or how it failed and whether the request had been sent. */
function get(agent: Agent, url: URL): Promise<{ status: number; headers: IncomingHttpHeaders; body: string } | { error: string; sent: boolean }> {
  return new Promise((resolve) => {
    let sent = false
    const request = httpGet({ host: url.hostname, port: url.port, path: '/healthz', agent }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }))
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, sent: true }))
    })
    // A reused socket is open already; a new one counts once it connected, since the request is written then.
    request.on('socket', (socket) => {
      if (request.reusedSocket || !socket.connecting) sent = true
      else socket.once('connect', () => (sent = true))
    })
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, sent }))
  })
}

/**
 * Runs `clients` concurrent clients against `${url}/healthz`, each with its own keep-alive agent (one pooled
 * connection, reused), until `stop` resolves or its connection is refused (the server is gone); then resolves the
 * tally. A client answered 503 waits `Retry-After` (at most 10 s) and tries again, as a well-behaved client and
 * every load balancer does, so the load goes on through the drain.
 */
export async function keepAliveLoad(url: string, clients: number, stop: Promise<unknown>): Promise<ShutdownTally> {
  const tally: ShutdownTally = { ok: 0, shed: 0, other: 0, refused: 0, resets: 0, samples: [] }
  const target = new URL(url)
  let stopped = false
  void stop.then(() => (stopped = true))
  const sample = (text: string): void => {
    if (tally.samples.length < 5) tally.samples.push(text)
  }
  async function client(): Promise<void> {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      while (!stopped) {
        const answer = await get(agent, target)
        if ('error' in answer) {
          if (!answer.sent) {
            tally.refused++
            return
          }
          tally.resets++
          sample(answer.error)
          continue
        }
        if (answer.status === 200) {
          tally.ok++
        } else if (answer.status === 503 && answer.headers.connection === 'close' && answer.headers['retry-after'] !== undefined && answer.body.includes('service_unavailable')) {
          tally.shed++
          await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, Number(answer.headers['retry-after']) * 1000)))
        } else {
          tally.other++
          sample(`${answer.status} ${answer.body.slice(0, 100)}`)
        }
      }
    } finally {
      agent.destroy()
    }
  }
  await Promise.all(Array.from({ length: clients }, () => client()))
  return tally
}

const root = fileURLToPath(new URL('..', import.meta.url))

/** A `server/server.ts` process started as `npm run server` would start it. */
export interface ServerProcess {
  child: ChildProcess
  url: string
  /** Resolves with the exit code. */
  exited: Promise<number | null>
}

/** Starts `server/server.ts` on a free loopback port with `env` (dev preset unless overridden) and waits for its URL. */
export function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match?.[1] !== undefined) resolve({ child, url: match[1].replace('localhost', '127.0.0.1'), exited })
    })
    void exited.then((code) => reject(new Error(`the server exited (${code}) before listening: ${err.trim()}`)))
  })
}

/**
 * One shutdown run: starts a server process, puts `clients` keep-alive clients on it, sends SIGTERM after
 * `loadMs`, and returns the tally and the exit code once the process has exited.
 */
export async function sigtermUnderLoad(options: { clients: number; loadMs: number; env: Record<string, string> }): Promise<ShutdownTally & { exitCode: number | null }> {
  const server = await spawnServer(options.env)
  const load = keepAliveLoad(server.url, options.clients, server.exited)
  await new Promise((resolve) => setTimeout(resolve, options.loadMs))
  server.child.kill('SIGTERM')
  const exitCode = await server.exited
  return { ...(await load), exitCode }
}

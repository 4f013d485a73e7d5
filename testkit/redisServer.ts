import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A redis-server started for tests. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string
  port: number
  /** Stops the server (SIGTERM, then waits for exit). Safe to call twice. */
  stop(): Promise<void>
  /** Kills it with SIGKILL (a crashed node: no shutdown save, sockets reset) and waits for exit. */
  crash(): Promise<void>
  /** Stops and starts it again on the same port (and data dir, so persisted data survives when enabled). */
  restart(): Promise<void>
  /** Freezes it with SIGSTOP (a stall: connections stay open, nothing is answered) until {@link resume}. */
  pause(): void
  /** Lets a paused server run again (SIGCONT). */
  resume(): void
}

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  /** Keep data on disk across restart() (RDB + AOF in `dir`). Default false: nothing written. */
  persistence?: boolean
  /** Data directory; default a fresh temporary one, removed by stop(). */
  dir?: string
  /** More `redis-server` arguments, e.g. `['--replicaof', '127.0.0.1', '6379']`. */
  args?: readonly string[]
}

/** True when a `redis-server` binary is on PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
}

/**
 * Decides what a suite that needs Redis does when redis-server is missing: on CI (`CI` set) it throws, so the gap
 * cannot pass unnoticed; locally it warns loudly and returns false so the caller can skip.
 */
export function requireRedisOrSkip(suite: string): boolean {
  if (hasRedisServer()) return true
  const message = `[redis] redis-server is not installed: ${suite} needs it (apt-get install redis-server).`
  if (process.env.CI !== undefined && process.env.CI !== '') throw new Error(message)
  console.warn(`\n!!! ${message} SKIPPING these tests.\n`)
  return false
}

/** A port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Sends PING over a raw socket; resolves true on +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')))
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'))
  })
}

async function waitForPong(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${stderr()}`)
    if (await ping(port)) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`redis-server on port ${port} did not answer PING`)
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/**
 * Starts a real `redis-server` on a free loopback port and waits until it answers PING. Without persistence it
 * saves nothing (`--save "" --appendonly no`); with it, it writes RDB and AOF under `dir`. Call `stop()` in
 * afterAll/afterEach. Throws if redis-server is not installed (check {@link requireRedisOrSkip} first).
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const port = await freePort()
  const ownDir = options.dir === undefined
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'wxls-redis-'))
  const persistence = options.persistence ?? false
  let child: ChildProcess | undefined

  const launch = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no']
    args.push(...(persistence ? ['--save', '1 1', '--appendonly', 'yes', '--appendfsync', 'always'] : ['--save', '', '--appendonly', 'no']))
    args.push(...(options.args ?? []))
    let errors = ''
    const started = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] })
    started.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString()
    })
    child = started
    await waitForPong(port, started, () => errors)
  }

  const halt = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const running = child
    child = undefined
    if (running === undefined) return
    running.kill(signal)
    await waitForExit(running)
  }

  await launch()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await halt()
      if (ownDir) rmSync(dir, { recursive: true, force: true })
    },
    async crash() {
      await halt('SIGKILL')
    },
    async restart() {
      await halt()
      await launch()
    },
    pause() {
      child?.kill('SIGSTOP')
    },
    resume() {
      child?.kill('SIGCONT')
    },
  }
}

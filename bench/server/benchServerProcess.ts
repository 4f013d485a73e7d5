import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import type { BenchServerCommand, BenchServerReply } from './benchServerProtocol'

/** A running bench server child process. */
export interface BenchServerProcess {
  url: string
  /** `count` fresh single-use `wx.login` codes for one user, from the emulator inside the child. */
  codes(count: number): Promise<string[]>
  /** The child's heap and RSS after a full garbage collection. */
  memory(): Promise<{ heapUsed: number; rss: number }>
  /** The child's Redis client traffic since the last reset; `reset` starts a new count after reading. */
  traffic(reset: boolean): Promise<{ commands: number; roundTrips: number; replies: number }>
  close(): Promise<void>
}

/**
 * Forks bench/server/benchServer.ts (under tsx, with `--expose-gc`) and resolves once it listens.
 * Commands are answered in order, one at a time. Rejects when the child fails to start within
 * `startTimeoutMs` or exits early.
 */
export function startBenchServer(options: { redisUrl?: string; startTimeoutMs?: number } = {}): Promise<BenchServerProcess> {
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'benchServer.ts'), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, BENCH_REDIS_URL: options.redisUrl ?? '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const waiting: Array<(reply: BenchServerReply) => void> = []
  let exited: Error | undefined
  child.on('message', (reply: BenchServerReply) => waiting.shift()?.(reply))
  child.on('exit', (code) => {
    exited = new Error(`the bench server exited (${String(code)})`)
    for (const w of waiting.splice(0)) w({ type: 'error', message: exited.message })
  })

  function next(): Promise<BenchServerReply> {
    if (exited) return Promise.reject(exited)
    return new Promise((resolve) => waiting.push(resolve))
  }
  async function ask<T extends BenchServerReply['type']>(command: BenchServerCommand, type: T): Promise<Extract<BenchServerReply, { type: T }>> {
    const answer = next()
    child.send(command)
    const reply = await answer
    if (reply.type !== type) throw new Error(`bench server: expected ${type}, got ${reply.type === 'error' ? reply.message : reply.type}`)
    return reply as Extract<BenchServerReply, { type: T }>
  }

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error('the bench server did not start in time'))
    }, options.startTimeoutMs ?? 30_000)
    next().then((reply) => {
      clearTimeout(timer)
      if (reply.type !== 'ready') {
        child.kill('SIGKILL')
        reject(new Error(`the bench server failed to start: ${reply.type === 'error' ? reply.message : reply.type}`))
        return
      }
      resolve({
        url: reply.url,
        codes: async (count) => (await ask({ type: 'codes', count }, 'codes')).codes,
        memory: async () => {
          const { heapUsed, rss } = await ask({ type: 'memory' }, 'memory')
          return { heapUsed, rss }
        },
        traffic: async (reset) => {
          const { commands, roundTrips, replies } = await ask({ type: 'traffic', reset }, 'traffic')
          return { commands, roundTrips, replies }
        },
        close: () =>
          new Promise<void>((done) => {
            if (exited) return done()
            child.once('exit', () => done())
            child.send({ type: 'close' } satisfies BenchServerCommand)
          }),
      })
    }, reject)
  })
}

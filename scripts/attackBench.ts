/**
 * `npx tsx scripts/attackBench.ts`: measures two attacks on the reference server (docs/reliability.md, "Third round").
 *
 * 1. Log scrubbing: `server/server.ts` in its own process (memory store, LOG_LEVEL=info, logs to /dev/null), 8
 *    closed-loop clients (autocannon, 8 connections) on `GET /api/me`, in alternating phases without and with one
 *    client that sends 8 requests a second whose URL is `/` and 16,000 `?`. Prints each phase's requests per second,
 *    the p99 latency and the ratio with/without, measured within one run.
 * 2. Connections: the same server with `MAX_CONNECTIONS` 1,000; one address (127.0.0.2) opens 1,100 sockets, each
 *    sending one keep-alive request and then sitting idle, reopening whenever the server closes one; meanwhile a
 *    second address (127.0.0.3) sends 30 health probes, one every 100 ms, each given 1 s. Prints how many were
 *    answered, once with `MAX_CONNECTIONS_PER_IP` at its default (256) and once with it off (0, as before).
 *
 * Env: ATTACK_PHASE_SEC (default 4), ATTACK_ROUNDS (default 3), ATTACK_ONLY=logs|connections.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { cpus, loadavg } from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { freePort } from '../testkit/redisServer'

const ROOT = path.resolve(import.meta.dirname, '..')
const PHASE_SEC = Number(process.env.ATTACK_PHASE_SEC ?? 4)
const ROUNDS = Number(process.env.ATTACK_ROUNDS ?? 3)
const ONLY = process.env.ATTACK_ONLY
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Server {
  url: string
  port: number
  stop(): Promise<void>
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort()
  const devNull = openSync('/dev/null', 'w')
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', devNull, 'inherit'],
  })
  closeSync(devNull)
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`)
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) break
    await sleep(100)
  }
  return {
    url,
    port,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGKILL')
      }),
  }
}

async function token(server: Server): Promise<string> {
  const { code } = (await (await fetch(`${server.url}/__emulator/login-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { code: string }
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
  return ((await login.json()) as { token: string }).token
}

/** One raw request on a fresh socket; resolves when the server answers or closes, or after `waitMs`. */
function rawRequest(port: number, head: string, waitMs: number, localAddress?: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    let data = ''
    const socket = connect({ port, host: '127.0.0.1', ...(localAddress === undefined ? {} : { localAddress }) })
    const done = (status: number | undefined): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve(status)
    }
    const timer = setTimeout(() => done(undefined), waitMs)
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      data += chunk
      const match = /^HTTP\/1\.1 (\d{3})/.exec(data)
      if (match) done(Number(match[1]))
    })
    socket.on('error', () => done(undefined))
    socket.on('close', () => done(undefined))
    socket.write(head)
  })
}

async function measureLogs(): Promise<void> {
  const server = await startServer({})
  try {
    const bearer = await token(server)
    const attackHead = `GET /${'?'.repeat(16_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`
    const phase = async (attack: boolean): Promise<{ rps: number; p99: number; attackAnswered: number }> => {
      let answered = 0
      const timer = attack
        ? setInterval(() => {
            void rawRequest(server.port, attackHead, 5000).then((status) => {
              if (status !== undefined) answered++
            })
          }, 125)
        : undefined
      const result = await autocannon({ url: `${server.url}/api/me`, connections: 8, duration: PHASE_SEC, headers: { authorization: `Bearer ${bearer}` } })
      clearInterval(timer)
      return { rps: result.requests.total / PHASE_SEC, p99: result.latency.p99, attackAnswered: answered }
    }
    await phase(false) // warm-up
    const ratios: number[] = []
    console.log('| round | without: req/s (p99 ms) | with 8 req/s of 16,000 `?`: req/s (p99 ms) | ratio | attack requests answered |')
    console.log('| --- | --- | --- | --- | --- |')
    for (let round = 1; round <= ROUNDS; round++) {
      const base = await phase(false)
      const hit = await phase(true)
      const ratio = hit.rps / base.rps
      ratios.push(ratio)
      console.log(`| ${round} | ${base.rps.toFixed(0)} (${base.p99}) | ${hit.rps.toFixed(0)} (${hit.p99}) | ${ratio.toFixed(2)} | ${hit.attackAnswered} |`)
    }
    console.log(`median ratio ${ratios.sort((a, b) => a - b)[Math.floor(ratios.length / 2)]?.toFixed(2)}`)
  } finally {
    await server.stop()
  }
}

async function measureConnections(perIp: string): Promise<void> {
  const server = await startServer({ MAX_CONNECTIONS: '1000', MAX_CONNECTIONS_PER_IP: perIp })
  const sockets = new Set<Socket>()
  let stopping = false
  let opened = 0
  const hold = (): void => {
    if (stopping) return
    opened++
    const socket = connect({ port: server.port, host: '127.0.0.1', localAddress: '127.0.0.2' })
    sockets.add(socket)
    socket.on('connect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'))
    socket.on('data', () => undefined)
    socket.on('error', () => undefined)
    socket.on('close', () => {
      sockets.delete(socket)
      // Reopen as the server closes (or drops) it, a little later so that the loop does not spin.
      setTimeout(hold, 50)
    })
  }
  try {
    for (let i = 0; i < 1100; i++) hold()
    await sleep(2000)
    const held = sockets.size
    let answered = 0
    for (let i = 0; i < 30; i++) {
      const status = await rawRequest(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 1000, '127.0.0.3')
      if (status === 200) answered++
      await sleep(100)
    }
    console.log(`| ${perIp === '0' ? 'off (as before)' : perIp} | 1,100 from 127.0.0.2, ${held} open at the probe start, ${opened} opened in all | ${answered} of 30 |`)
  } finally {
    stopping = true
    for (const socket of sockets) socket.destroy()
    await server.stop()
  }
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  console.log(`phases of ${PHASE_SEC} s, ${ROUNDS} rounds\n`)
  if (ONLY === undefined || ONLY === 'logs') await measureLogs()
  if (ONLY === undefined || ONLY === 'connections') {
    console.log('\n| MAX_CONNECTIONS_PER_IP | the attack | probes from 127.0.0.3 answered within 1 s |')
    console.log('| --- | --- | --- |')
    await measureConnections('256')
    await measureConnections('0')
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})

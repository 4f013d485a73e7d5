/**
 * `npm run dev`: the whole flow on one machine, with no AppID, no WeChat DevTools and no Redis.
 *
 * Starts the reference server (embedded stores, WeChat emulator mounted, the fixed demo appid) and the
 * uni H5 dev server pointed at it, with the H5 login adapter that takes its codes from the emulator.
 * Ctrl-C stops both; if either exits, the other is stopped too, so nothing is left running.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { DEV_OA_APPID } from '../packages/wx-emulator/src/devCredentials'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name: string): string =>
  path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name)

const host = '127.0.0.1'
const serverPort = readPort('SERVER_PORT', 3000)
const h5Port = readPort('H5_PORT', 5173)

function readPort(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    fail(`${name} must be a port number between 1 and 65535, got "${raw}"`)
  }
  return port
}

function fail(message: string): never {
  console.error(`\n✖ ${message}\n`)
  process.exit(1)
}

/** Resolves when nothing listens on the port, so a clash gets one clear line instead of a stack trace. */
function assertPortFree(port: number, what: string, envName: string): Promise<void> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        fail(`Port ${port} is already in use, so the ${what} cannot start. Stop whatever uses it, or pick another port: ${envName}=<port> npm run dev`)
      }
      fail(`Cannot listen on ${host}:${port} for the ${what}: ${error.message}`)
    })
    probe.listen(port, host, () => probe.close(() => resolve()))
  })
}

const children: ChildProcess[] = []
let stopping = false

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    // A process group of its own lets us stop the whole tree (tsx and esbuild spawn children).
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: process.platform === 'win32',
  })
  const prefix = `[${name}]`
  const relay = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split(/\r?\n/)) if (line.trim()) stream.write(`${prefix} ${line}\n`)
  }
  child.stdout?.on('data', relay(process.stdout))
  child.stderr?.on('data', relay(process.stderr))
  child.on('exit', (code, signal) => {
    if (stopping) return
    console.error(`\n${prefix} exited (${signal ?? `code ${code ?? 0}`}); stopping the rest.`)
    void stopAll(code === 0 ? 1 : (code ?? 1))
  })
  children.push(child)
  return child
}

function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  try {
    if (process.platform === 'win32') child.kill(signal)
    else process.kill(-child.pid, signal)
  } catch {
    // Already gone.
  }
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return
  stopping = true
  for (const child of children) kill(child, 'SIGTERM')
  const deadline = Date.now() + 5000
  while (children.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100))
  }
  for (const child of children) kill(child, 'SIGKILL')
  process.exit(exitCode)
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (stopping) return
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) })
      if (res.ok) return
    } catch {
      // Not up yet.
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  console.error(`The reference server did not answer ${url} within ${timeoutMs / 1000} s.`)
  await stopAll(1)
}

async function main(): Promise<void> {
  await assertPortFree(serverPort, 'reference server', 'SERVER_PORT')
  await assertPortFree(h5Port, 'H5 dev server', 'H5_PORT')

  process.on('SIGINT', () => void stopAll(0))
  process.on('SIGTERM', () => void stopAll(0))

  const apiBase = `http://${host}:${serverPort}`
  start('server', bin('tsx'), ['server/server.ts'], {
    PORT: String(serverPort),
    HOST: host,
    WX_EMULATOR: process.env.WX_EMULATOR ?? '1',
    // Request logs drown the H5 compiler's output; LOG_LEVEL=info brings them back.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  })
  await waitForHealth(`${apiBase}/healthz`, 30_000)

  start('h5', bin('uni'), ['--host', host, '--port', String(h5Port), '--strictPort', '--clearScreen', 'false'], {
    // Absolute, as uni expects (see scripts/uni.cjs).
    UNI_INPUT_DIR: root,
    VITE_API_BASE_URL: apiBase,
    VITE_LOGIN_ADAPTER: 'emulator',
    // Opened with a WeChat user agent (WeChat DevTools' 公众号网页 mode), the app logs in with web OAuth
    // against the emulator's authorize page instead.
    VITE_WX_OA_APPID: DEV_OA_APPID,
    VITE_WX_OAUTH_AUTHORIZE_URL: `${apiBase}/connect/oauth2/authorize`,
  })
  await waitForPort(h5Port, 120_000)

  console.log(
    [
      '',
      '  WeChat login demo is running:',
      `    App (H5):          http://${host}:${h5Port}/`,
      `    Reference server:  ${apiBase}  (WeChat emulator at ${apiBase}/__emulator/)`,
      '',
      '  Open the app URL and tap “微信一键登录”. Ctrl-C stops both.',
      '',
    ].join('\n'),
  )
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (stopping) return
    try {
      await fetch(`http://${host}:${port}/`, { signal: AbortSignal.timeout(1000) })
      return
    } catch {
      await new Promise((r) => setTimeout(r, 300))
    }
  }
  console.error(`The H5 dev server did not come up on port ${port} within ${timeoutMs / 1000} s.`)
  await stopAll(1)
}

void main()

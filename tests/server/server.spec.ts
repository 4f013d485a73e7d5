import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import type { Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { sigtermUnderLoad } from '../../testkit/shutdownLoad'

const root = fileURLToPath(new URL('../..', import.meta.url))
const uploadDir = mkdtempSync(join(tmpdir(), 'wxls-entry-'))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `server/server.ts` as `npm run server` would, with only the given environment. */
function runServer(env: Record<string, string>, onStdout?: (text: string, kill: () => void) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', UPLOAD_DIR: uploadDir, LOG_LEVEL: 'silent', SHUTDOWN_DRAIN_MS: '0', ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      onStdout?.(stdout, () => child.kill('SIGTERM'))
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

afterAll(() => rmSync(uploadDir, { recursive: true, force: true }))

let blocker: Server | undefined
afterEach(async () => {
  await new Promise<void>((resolve) => (blocker === undefined ? resolve() : blocker.close(() => resolve())))
  blocker = undefined
})

describe('server/server.ts', () => {
  it('exits 1 with one line naming the variable when the config is bad', async () => {
    const run = await runServer({ SESSION_IDLE_TTL: 'abc' })
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('Invalid config: SESSION_IDLE_TTL must be a positive integer (seconds), got "abc"\n')
  })

  it('exits 1 with one line naming the port when the port is taken', async () => {
    const server = createServer()
    blocker = server
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => {
        const address = server.address()
        resolve(typeof address === 'object' && address !== null ? address.port : 0)
      }),
    )
    const run = await runServer({ PORT: String(port), HOST: '127.0.0.1' })
    expect(run.code).toBe(1)
    expect(run.stderr.trim().split('\n')).toEqual([`Port ${port} is already in use on 127.0.0.1; set PORT to a free port.`])
  })

  it('prints its URL, serves, and exits 0 on SIGTERM', async () => {
    let url: string | undefined
    let healthy: boolean | undefined
    const run = await runServer({ PORT: '0' }, (text, kill) => {
      const match = /listening on (http:\/\/\S+)/.exec(text)
      if (match?.[1] === undefined || url !== undefined) return
      url = match[1]
      void fetch(`${url}/healthz`)
        .then((res) => (healthy = res.status === 200))
        .finally(kill)
    })
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(healthy).toBe(true)
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
  })
  it('has its last log lines in the output after SIGTERM: the request it served, "shutting down" and "shut down"', async () => {
    let url: string | undefined
    const run = await runServer({ PORT: '0', LOG_LEVEL: 'info' }, (text, kill) => {
      const match = /listening on (http:\/\/\S+)/.exec(text)
      if (match?.[1] === undefined || url !== undefined) return
      url = match[1]
      void fetch(`${url}/healthz?probe=last`).finally(kill)
    })
    expect(run.code).toBe(0)
    const lines = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; req?: { url?: string } })
    const messages = lines.map((line) => line.msg)
    expect(lines.find((line) => line.msg === 'request completed')?.req?.url).toBe('/healthz?probe=[Redacted]')
    expect(messages.slice(-2)).toEqual(['shutting down', 'shut down'])
  })
})

describe('server/server.ts shutdown under keep-alive load, no proxy in between', () => {
  it('answers every request of 20 keep-alive clients across SIGTERM with 200 or 503, never a reset', async () => {
    const run = await sigtermUnderLoad({
      clients: 20,
      loadMs: 300,
      env: { UPLOAD_DIR: uploadDir, SHUTDOWN_DRAIN_MS: '300' },
    })
    expect(run.exitCode).toBe(0)
    expect(run.resets, run.samples.join('; ')).toBe(0)
    expect(run.other, run.samples.join('; ')).toBe(0)
    expect(run.ok).toBeGreaterThan(0)
    expect(run.shed).toBeGreaterThan(0)
  })
})

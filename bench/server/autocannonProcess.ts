import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import type { AutocannonResult } from 'autocannon'

/** What {@link runAutocannon} sends. */
export interface LoadOptions {
  url: string
  connections: number
  /** Seconds; ignored when `amount` is given. */
  duration?: number
  /** Stop after this many requests. */
  amount?: number
  headers?: Record<string, string>
}

const CLI = createRequire(import.meta.url).resolve('autocannon/autocannon.js')

/**
 * Runs autocannon's own CLI in a process of its own, under plain `node` (no TypeScript loader, nothing else on its
 * event loop) and returns its JSON result. The bench process only waits meanwhile, so the load generator's figures
 * do not depend on what else the bench has loaded or left running. On a loopback no-op route the load generator
 * needs about as much CPU as the server: it gets a core of its own only if the machine has one to give, which is
 * why every table also records the load average around its runs.
 */
export function runAutocannon(options: LoadOptions): Promise<AutocannonResult> {
  const args = [CLI, '--json', '--connections', String(options.connections)]
  if (options.amount !== undefined) args.push('--amount', String(options.amount))
  else args.push('--duration', String(options.duration ?? 1))
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('--headers', `${name}=${value}`)
  args.push(options.url)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${String(code)}: ${stderr.trim().slice(-500)}`))
      try {
        resolve(JSON.parse(stdout) as AutocannonResult)
      } catch {
        reject(new Error(`autocannon printed no JSON: ${stdout.slice(0, 200)}`))
      }
    })
  })
}

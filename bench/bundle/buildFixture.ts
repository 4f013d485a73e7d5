import { spawn } from 'node:child_process'
import path from 'node:path'

/** The repository root (two levels above this file). */
export const ROOT = path.resolve(import.meta.dirname, '../..')

/**
 * Runs `uni build -p mp-weixin` with `inputDir` as `UNI_INPUT_DIR` (so `@/` points there) and writes
 * the output to `outDir`. Rejects with the build's last output lines when it fails, and after
 * `timeoutMs` (the build is killed) so a stuck build cannot hang the bench.
 */
export function buildMpWeixin(inputDir: string, outDir: string, timeoutMs = 180_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/uni'), ['build', '-p', 'mp-weixin'], {
      cwd: ROOT,
      env: { ...process.env, UNI_INPUT_DIR: path.resolve(ROOT, inputDir), UNI_OUTPUT_DIR: outDir, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let log = ''
    const keep = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else reject(new Error(`uni build of ${inputDir} failed (${signal ?? `exit ${String(code)}`}):\n${log.trim().split('\n').slice(-15).join('\n')}`))
    })
  })
}

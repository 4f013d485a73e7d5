import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import path from 'node:path'

/** What {@link runUniBuild} needs. */
export interface UniBuildOptions {
  /** The repository, whose node_modules holds the uni CLI and whose vite.config.ts the build uses. */
  rootDir: string
  /** The app's folder (pages.json, manifest.json); default `rootDir`, the demo's HBuilderX layout. */
  inputDir?: string
  /** Where the build goes (emptied first), so the regular `npm run build:*` output is left alone. */
  outDir: string
  /** The uni CLI's arguments: `['build']` for H5, `['build', '-p', 'mp-weixin']`. */
  args: readonly string[]
  /** The build's own variables (`VITE_*`, `MP_TEST_BUILD`); the parent's `VITE_*` are not passed on. */
  env: Record<string, string>
  /** Names the build in errors, e.g. `[mp] the mp-weixin build`. */
  label: string
  /** Bounded so a stuck compiler fails the run instead of hanging it. */
  timeoutMs: number
}

/** The parent's env minus vitest's own markers and any `VITE_*`, which must not change how Vite builds the app. */
function compilerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VITEST') && key !== 'TEST' && !key.startsWith('VITE_')) env[key] = value
  }
  return env
}

/**
 * Runs the repository's uni CLI as production (`NODE_ENV=production`, what the `build:*` scripts ship) into
 * `outDir`, with `env` on top of the parent's. Resolves when it exits 0; rejects with the tail of the compiler's
 * output when it fails, cannot start or runs past `timeoutMs` (then it is killed).
 */
export async function runUniBuild({ rootDir, inputDir = rootDir, outDir, args, env, label, timeoutMs }: UniBuildOptions): Promise<void> {
  await rm(outDir, { recursive: true, force: true })
  const bin = path.join(rootDir, 'node_modules', '.bin', process.platform === 'win32' ? 'uni.cmd' : 'uni')
  await new Promise<void>((resolve, reject) => {
    const child = spawn(bin, [...args], {
      cwd: rootDir,
      env: { ...compilerEnv(), NODE_ENV: 'production', UNI_INPUT_DIR: inputDir, UNI_OUTPUT_DIR: outDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    })
    let output = ''
    const keep = (chunk: Buffer): void => {
      // The tail is what explains a failure; keep memory bounded.
      output = (output + chunk.toString()).slice(-20_000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${label} did not finish within ${timeoutMs / 1000} s:\n${output}`))
    }, timeoutMs)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`${label}: cannot start the uni compiler (${bin}): ${error.message}`))
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else reject(new Error(`${label} failed (${signal ?? `exit code ${code ?? '?'}`}):\n${output}`))
    })
  })
}

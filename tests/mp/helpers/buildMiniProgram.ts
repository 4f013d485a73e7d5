import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import path from 'node:path'

/** What {@link buildMiniProgram} needs. */
export interface BuildMiniProgramOptions {
  rootDir: string
  outDir: string
  /** The backend the build talks to, compiled in (a loopback reference server). */
  apiBaseURL: string
  /** Extra env for the compiler, e.g. `{ VITE_LOGIN_ADAPTER: 'emulator' }` for an emulator-adapter build. */
  env?: Record<string, string>
  timeoutMs?: number
}

function compilerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VITEST') && key !== 'TEST' && !key.startsWith('VITE_')) env[key] = value
  }
  return env
}

/**
 * Builds the mp-weixin app for the runtime suite into `outDir` (not dist/build), as production
 * (`NODE_ENV=production`, what `build:mp-weixin` ships) but against `apiBaseURL`, and marked as a
 * test build (`MP_TEST_BUILD=1`) so the release checks accept the loopback backend. By default the
 * app logs in with the real `wx.login`, which the suite's `wx` answers from the emulator.
 */
export async function buildMiniProgram({ rootDir, outDir, apiBaseURL, env = {}, timeoutMs = 180_000 }: BuildMiniProgramOptions): Promise<void> {
  await rm(outDir, { recursive: true, force: true })
  const bin = path.join(rootDir, 'node_modules', '.bin', 'uni')
  await new Promise<void>((resolve, reject) => {
    const child = spawn(bin, ['build', '-p', 'mp-weixin'], {
      cwd: rootDir,
      env: { ...compilerEnv(), NODE_ENV: 'production', UNI_INPUT_DIR: rootDir, UNI_OUTPUT_DIR: outDir, MP_TEST_BUILD: '1', VITE_API_BASE_URL: apiBaseURL, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-20_000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`[mp] the mp-weixin build did not finish within ${timeoutMs / 1000} s:\n${output}`))
    }, timeoutMs)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`[mp] cannot start the uni compiler (${bin}): ${error.message}`))
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else reject(new Error(`[mp] the mp-weixin build failed (${signal ?? `exit code ${code ?? '?'}`}):\n${output}`))
    })
  })
}

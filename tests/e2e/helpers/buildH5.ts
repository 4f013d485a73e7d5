import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { DEV_OA_APPID } from '../../../server/emulator/devCredentials'

/** What {@link buildH5} needs: where the repository is, where the build goes, which API it talks to. */
export interface BuildH5Options {
  rootDir: string
  outDir: string
  apiBaseURL: string
  /** Bounded so a stuck compiler fails the run instead of hanging it. */
  timeoutMs?: number
}

/** The parent's env minus vitest's own markers, which must not change how Vite builds the app. */
function compilerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VITEST') && key !== 'TEST') env[key] = value
  }
  return env
}

/**
 * Builds the H5 app in emulator mode (`VITE_LOGIN_ADAPTER=emulator`) into its own directory, so the
 * regular `npm run build:h5` output is left alone. The API base is baked in at build time, which is
 * why the suite picks the server port before building. Rejects with the compiler's output on failure.
 */
export async function buildH5({ rootDir, outDir, apiBaseURL, timeoutMs = 180_000 }: BuildH5Options): Promise<void> {
  await rm(outDir, { recursive: true, force: true })
  const bin = path.join(rootDir, 'node_modules', '.bin', process.platform === 'win32' ? 'uni.cmd' : 'uni')
  await new Promise<void>((resolve, reject) => {
    const child = spawn(bin, ['build'], {
      cwd: rootDir,
      env: {
        ...compilerEnv(),
        NODE_ENV: 'production',
        UNI_INPUT_DIR: rootDir,
        UNI_OUTPUT_DIR: outDir,
        VITE_LOGIN_ADAPTER: 'emulator',
        VITE_API_BASE_URL: apiBaseURL,
        VITE_EMULATOR_BASE_URL: apiBaseURL,
        // Inside WeChat's browser (a MicroMessenger user agent) the same build logs in with web OAuth against the
        // emulator's authorize page; elsewhere it keeps the emulator adapter.
        VITE_WX_OA_APPID: DEV_OA_APPID,
        VITE_WX_OAUTH_AUTHORIZE_URL: `${apiBaseURL}/connect/oauth2/authorize`,
      },
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
      reject(new Error(`[e2e] the H5 build did not finish within ${timeoutMs / 1000} s:\n${output}`))
    }, timeoutMs)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`[e2e] cannot start the uni compiler (${bin}): ${error.message}`))
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else reject(new Error(`[e2e] the H5 build failed (${signal ?? `exit code ${code ?? '?'}`}):\n${output}`))
    })
  })
}

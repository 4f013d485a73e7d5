import { runUniBuild } from '../../../testkit/uniBuild'

/** What {@link buildMiniProgram} needs. */
export interface BuildMiniProgramOptions {
  rootDir: string
  /** The app to build; default the demo (the repository root). */
  inputDir?: string
  outDir: string
  /** The backend the build talks to, compiled in (a loopback reference server). */
  apiBaseURL: string
  /** Extra env for the compiler, e.g. `{ VITE_LOGIN_ADAPTER: 'emulator' }` for an emulator-adapter build. */
  env?: Record<string, string>
  timeoutMs?: number
}

/**
 * Builds the mp-weixin app for the runtime suite into `outDir` (not dist/build), as production
 * (`NODE_ENV=production`, what `build:mp-weixin` ships) but against `apiBaseURL`, and marked as a
 * test build (`MP_TEST_BUILD=1`) so the release checks accept the loopback backend. By default the
 * app logs in with the real `wx.login`, which the suite's `wx` answers from the emulator.
 */
export async function buildMiniProgram({ rootDir, inputDir, outDir, apiBaseURL, env = {}, timeoutMs = 180_000 }: BuildMiniProgramOptions): Promise<void> {
  await runUniBuild({
    rootDir,
    ...(inputDir === undefined ? {} : { inputDir }),
    outDir,
    args: ['build', '-p', 'mp-weixin'],
    env: { MP_TEST_BUILD: '1', VITE_API_BASE_URL: apiBaseURL, ...env },
    label: '[mp] the mp-weixin build',
    timeoutMs,
  })
}

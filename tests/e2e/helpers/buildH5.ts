import { DEV_OA_APPID } from '../../../packages/wx-emulator/src/devCredentials'
import { runUniBuild } from '../../../testkit/uniBuild'

/** What {@link buildH5} needs: where the repository is, where the build goes, which API it talks to. */
export interface BuildH5Options {
  rootDir: string
  outDir: string
  apiBaseURL: string
  /** Bounded so a stuck compiler fails the run instead of hanging it. */
  timeoutMs?: number
}

/**
 * Builds the H5 app in emulator mode (`VITE_LOGIN_ADAPTER=emulator`) into its own directory, so the
 * regular `npm run build:h5` output is left alone. The API base is baked in at build time, which is
 * why the suite picks the server port before building. Rejects with the compiler's output on failure.
 */
export async function buildH5({ rootDir, outDir, apiBaseURL, timeoutMs = 180_000 }: BuildH5Options): Promise<void> {
  await runUniBuild({
    rootDir,
    outDir,
    args: ['build'],
    env: {
      VITE_LOGIN_ADAPTER: 'emulator',
      VITE_API_BASE_URL: apiBaseURL,
      VITE_EMULATOR_BASE_URL: apiBaseURL,
      // Inside WeChat's browser (a MicroMessenger user agent) the same build logs in with web OAuth against the
      // emulator's authorize page; elsewhere it keeps the emulator adapter.
      VITE_WX_OA_APPID: DEV_OA_APPID,
      VITE_WX_OAUTH_AUTHORIZE_URL: `${apiBaseURL}/connect/oauth2/authorize`,
    },
    label: '[e2e] the H5 build',
    timeoutMs,
  })
}

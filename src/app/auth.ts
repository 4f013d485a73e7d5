import { createAuth, createUniPlatform, installRequestInterceptor } from 'wx-login-state'
// NOTE: imported in H5 builds only. The emulator adapter is for browser development and the browser
// tests; the mini-program compiler emits every imported project module as its own file, even one
// the bundler emptied, so the import itself must not be in a mini-program build.
// #ifdef H5
import { createEmulatorPlatform } from 'wx-login-state/emulator'
import { chooseWeChatWebPlatform } from './chooseWeChatWebPlatform'
// #endif
import { readConfig } from './config'
import { createAppPlatform, type AppPlatformDeps } from './createAppPlatform'

/** The app's settings, validated at start-up (a bad env variable stops the app with a clear message). */
// NOTE: each key is named on its own so that the bundler inlines just these values, not the whole env
// object; the uni compiler replaces `process.env.UNI_PLATFORM` with the build target.
export const config = readConfig({
  VITE_API_BASE_URL: import.meta.env.VITE_API_BASE_URL,
  VITE_LOGIN_ADAPTER: import.meta.env.VITE_LOGIN_ADAPTER,
  VITE_EMULATOR_BASE_URL: import.meta.env.VITE_EMULATOR_BASE_URL,
  VITE_WX_OA_APPID: import.meta.env.VITE_WX_OA_APPID,
  VITE_WX_OAUTH_AUTHORIZE_URL: import.meta.env.VITE_WX_OAUTH_AUTHORIZE_URL,
  UNI_PLATFORM: process.env.UNI_PLATFORM,
})

/** The app's one login-state manager; pages reach it through the store, the guard and `api.ts`. */
export const auth = createAuth({
  platform: createAppPlatform(config, {
    base: createUniPlatform({ kind: config.uniPlatform }),
    createEmulator: emulatorAdapter(),
    chooseWeb: webAdapter(),
  }),
  baseURL: config.apiBaseURL,
})

/**
 * The app's own `uni.request` / `uni.uploadFile` calls to the backend carry the session: the token
 * only for `apiBaseURL`, held during the launch restore, one shared re-login on expiry. The home
 * page's protected-data card is plain `uni.request` code that relies on it.
 */
let uninstallInterceptor: (() => void) | null = installRequestInterceptor(auth)

// #ifdef H5
// Development builds for the browser tests only: lets a test fire plain uni.request calls and
// uninstall the interceptor from outside the page. The comparison of two literals drops it from
// every other build.
if (import.meta.env.VITE_LOGIN_ADAPTER === 'emulator') {
  ;(globalThis as { __demoRequests?: unknown }).__demoRequests = {
    request: (options: UniApp.RequestOptions) => uni.request(options),
    installed: () => uninstallInterceptor !== null,
    uninstall() {
      uninstallInterceptor?.()
      uninstallInterceptor = null
    },
    install() {
      uninstallInterceptor ??= installRequestInterceptor(auth)
    },
  }
}
// #endif

/**
 * The emulator adapter's factory in a build made with `VITE_LOGIN_ADAPTER=emulator`, otherwise
 * `undefined`. The comparison is of two string literals once vite.config.ts has defined the variable,
 * so the bundler drops the adapter from every other H5 build; `scripts/check-mp-build.ts` fails a
 * mini-program build that contains any of it.
 */
function emulatorAdapter(): AppPlatformDeps['createEmulator'] {
  // #ifdef H5
  if (import.meta.env.VITE_LOGIN_ADAPTER === 'emulator') return createEmulatorPlatform
  // #endif
  return undefined
}

/** The chooser of the WeChat-browser adapter in H5 builds; the mini-program build never contains it. */
function webAdapter(): AppPlatformDeps['chooseWeb'] {
  // #ifdef H5
  if (process.env.UNI_PLATFORM === 'h5') return chooseWeChatWebPlatform
  // #endif
  return undefined
}

import { createAuth, createUniPlatform } from 'wx-login-state'
import { createEmulatorPlatform } from 'wx-login-state/emulator'
import { readConfig } from './config'
import { createAppPlatform } from './createAppPlatform'

/** The app's settings, validated at start-up (a bad env variable stops the app with a clear message). */
// NOTE: each key is named on its own so that the bundler inlines just these values, not the whole env
// object; the uni compiler replaces `process.env.UNI_PLATFORM` with the build target.
export const config = readConfig({
  VITE_API_BASE_URL: import.meta.env.VITE_API_BASE_URL,
  VITE_LOGIN_ADAPTER: import.meta.env.VITE_LOGIN_ADAPTER,
  VITE_EMULATOR_BASE_URL: import.meta.env.VITE_EMULATOR_BASE_URL,
  UNI_PLATFORM: process.env.UNI_PLATFORM,
})

/** The app's one login-state manager; pages reach it through the store, the guard and `api.ts`. */
export const auth = createAuth({
  platform: createAppPlatform(config, {
    base: createUniPlatform({ kind: config.uniPlatform }),
    // NOTE: a comparison of two string literals once vite.config.ts has defined the variable, so the
    // bundler drops the emulator entry from every build not made with VITE_LOGIN_ADAPTER=emulator
    // (scripts/check-mp-build.ts fails the production mini program if any of it is left).
    createEmulator: import.meta.env.VITE_LOGIN_ADAPTER === 'emulator' ? createEmulatorPlatform : undefined,
  }),
  baseURL: config.apiBaseURL,
})

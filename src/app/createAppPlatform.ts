import type { Platform } from 'wx-login-state'
import type { EmulatorPlatformOptions } from 'wx-login-state/emulator'
import { ConfigError, type AppConfig } from './config'

/** What {@link createAppPlatform} builds on. */
export interface AppPlatformDeps {
  /** The uni platform of the build target. */
  base: Platform
  /**
   * `createEmulatorPlatform` in a build made for the emulator, `undefined` in every other build, so
   * that the emulator adapter is not even bundled there (see `auth.ts`).
   */
  createEmulator: ((options: EmulatorPlatformOptions) => Platform) | undefined
  /**
   * The adapter for WeChat's browser when it applies (`chooseWeChatWebPlatform`, H5 builds only), else undefined.
   */
  chooseWeb?: (config: AppConfig, base: Platform) => Platform | undefined
}

/**
 * Picks the platform adapter the config asks for: the emulator adapter (over the H5 uni platform)
 * for browser development, or the plain uni platform, which logs in with real WeChat on mp-weixin
 * and reports "WeChat login needs the mini program" on an H5 build. Never fakes a login: asking for
 * the emulator in a build that does not contain it is a `ConfigError`.
 */
export function createAppPlatform(config: AppConfig, deps: AppPlatformDeps): Platform {
  // Inside WeChat's browser the official account's web OAuth wins, against the emulator's authorize page in development.
  const web = deps.chooseWeb?.(config, deps.base)
  if (web !== undefined) return web
  if (config.loginAdapter !== 'emulator') return deps.base
  if (!deps.createEmulator) throw new ConfigError('VITE_LOGIN_ADAPTER=emulator, but this build was made without the emulator adapter')
  return deps.createEmulator({ base: deps.base, emulatorBaseURL: config.emulatorBaseURL })
}

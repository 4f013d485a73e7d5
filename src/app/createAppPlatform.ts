import type { Platform } from '@/src/auth/platform/types'
import { createUniPlatform } from '@/src/auth/platform/uniPlatform'
import { createEmulatorPlatform } from '@/src/auth/platform/emulatorPlatform'
import type { AppConfig } from './config'

/**
 * Picks the platform adapter the config asks for: the emulator adapter (over the H5 uni platform)
 * for browser development, or the plain uni platform, which logs in with real WeChat on mp-weixin
 * and reports "WeChat login needs the mini program" on an H5 build. Never fakes a login.
 */
export function createAppPlatform(config: AppConfig, base: Platform = createUniPlatform({ kind: config.uniPlatform })): Platform {
  if (config.loginAdapter !== 'emulator') return base
  return createEmulatorPlatform({ base, emulatorBaseURL: config.emulatorBaseURL })
}

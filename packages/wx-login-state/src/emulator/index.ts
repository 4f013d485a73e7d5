// The `wx-login-state/emulator` entry: the development adapter that logs in against the reference
// server's WeChat emulator in a browser. It has its own entry so that an app's production build only
// contains it when the app imports it.
export { createEmulatorPlatform } from './emulatorPlatform'

export type { EmulatorPlatformOptions, EmulatorTestUser } from './emulatorPlatform'

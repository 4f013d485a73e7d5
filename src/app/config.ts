/** Which login adapter the app uses: real WeChat (`uni.login`) or the reference server's emulator. */
export type LoginAdapter = 'wechat' | 'emulator'

/** The app's validated settings, read once from the Vite env at start-up. */
export interface AppConfig {
  apiBaseURL: string
  loginAdapter: LoginAdapter
  /** Where the WeChat emulator is mounted; defaults to the API origin. */
  emulatorBaseURL: string
  /** The uni build target (`process.env.UNI_PLATFORM`, set by the uni compiler). */
  uniPlatform: 'mp-weixin' | 'h5'
}

/** A bad or missing env variable; thrown at start-up so a misconfigured build fails loudly. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(`[app config] ${message}`)
    Object.setPrototypeOf(this, new.target.prototype)
    this.name = 'ConfigError'
  }
}

type Env = Readonly<Record<string, unknown>>

function readURL(env: Env, name: string): string | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  if (typeof raw !== 'string' || !/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(raw.trim())) {
    throw new ConfigError(`${name} must be an http(s) URL such as http://127.0.0.1:3000, got ${JSON.stringify(raw)}`)
  }
  return raw.trim().replace(/\/+$/, '')
}

/**
 * Reads and validates the app settings from a Vite env object (`import.meta.env`):
 * `VITE_API_BASE_URL` (required), `VITE_LOGIN_ADAPTER` (`emulator`, or unset for real WeChat) and
 * `VITE_EMULATOR_BASE_URL` (defaults to the API base), plus `UNI_PLATFORM`, the build target the uni
 * compiler substitutes (`mp-weixin` when absent). Kept pure so that tests pass their own env.
 */
export function readConfig(env: Env): AppConfig {
  const apiBaseURL = readURL(env, 'VITE_API_BASE_URL')
  if (apiBaseURL === undefined) {
    throw new ConfigError('VITE_API_BASE_URL is not set; add it to .env.development / .env.production')
  }
  const adapter = env.VITE_LOGIN_ADAPTER
  let loginAdapter: LoginAdapter
  if (adapter === undefined || adapter === '' || adapter === 'wechat') loginAdapter = 'wechat'
  else if (adapter === 'emulator') loginAdapter = 'emulator'
  else throw new ConfigError(`VITE_LOGIN_ADAPTER must be "emulator" or unset, got ${JSON.stringify(adapter)}`)
  const target = env.UNI_PLATFORM
  let uniPlatform: AppConfig['uniPlatform']
  if (target === undefined || target === '' || target === 'mp-weixin') uniPlatform = 'mp-weixin'
  else if (target === 'h5' || target === 'web') uniPlatform = 'h5'
  else throw new ConfigError(`this app builds for mp-weixin and h5 only, not ${JSON.stringify(target)}`)
  return { apiBaseURL, loginAdapter, emulatorBaseURL: readURL(env, 'VITE_EMULATOR_BASE_URL') ?? apiBaseURL, uniPlatform }
}

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
  /** The official account for the login inside WeChat's browser (H5 builds); absent turns that login off. */
  wechatWeb?: { appid: string; authorizeURL?: string }
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
 * `VITE_EMULATOR_BASE_URL` (defaults to the API base), `VITE_WX_OA_APPID` (the official account for the login in
 * WeChat's browser) and `VITE_WX_OAUTH_AUTHORIZE_URL` (WeChat's authorize URL by default; the emulator's in
 * development), plus `UNI_PLATFORM`, the build target the uni
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
  const oaAppid = env.VITE_WX_OA_APPID
  if (oaAppid !== undefined && oaAppid !== '' && (typeof oaAppid !== 'string' || !/^[A-Za-z0-9_-]{4,64}$/.test(oaAppid))) {
    throw new ConfigError(`VITE_WX_OA_APPID must be the official account appid (wx…), got ${JSON.stringify(oaAppid)}`)
  }
  const authorizeURL = readURL(env, 'VITE_WX_OAUTH_AUTHORIZE_URL')
  return {
    apiBaseURL,
    loginAdapter,
    emulatorBaseURL: readURL(env, 'VITE_EMULATOR_BASE_URL') ?? apiBaseURL,
    uniPlatform,
    ...(typeof oaAppid === 'string' && oaAppid !== ''
      ? { wechatWeb: { appid: oaAppid, ...(authorizeURL === undefined ? {} : { authorizeURL }) } }
      : {}),
  }
}

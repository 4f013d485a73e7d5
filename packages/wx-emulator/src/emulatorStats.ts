/** The WeChat APIs the emulator serves, by the names faults and stats use. */
export const WX_APIS = [
  'jscode2session',
  'stable_token',
  'token',
  'getuserphonenumber',
  'checksession',
  'resetusersessionkey',
  'oauth2_access_token',
  'oauth2_refresh_token',
  'sns_userinfo',
  'sns_auth',
] as const

/** One of {@link WX_APIS}. */
export type WxApiName = (typeof WX_APIS)[number]

/** Counters kept for every WeChat API. */
export interface ApiCounters {
  /** Requests received, whatever their outcome. */
  calls: number
  /** Requests answered with success. */
  ok: number
  /** Requests answered with a non-zero errcode, injected ones included. */
  errors: number
  /** Requests that met an injected fault (error, delay or hang). */
  faulted: number
}

/** Counters for the token APIs, which also count the tokens they mint. */
export interface TokenApiCounters extends ApiCounters {
  /** New access tokens minted (a stable_token call that returns the current token mints none). */
  issued: number
}

/** Per-API counters, as served by `GET /__emulator/stats`. */
export interface EmulatorStats {
  jscode2session: ApiCounters
  stable_token: TokenApiCounters & { forceRefreshes: number }
  token: TokenApiCounters
  getuserphonenumber: ApiCounters
  checksession: ApiCounters
  resetusersessionkey: ApiCounters
  oauth2_access_token: ApiCounters
  oauth2_refresh_token: ApiCounters
  sns_userinfo: ApiCounters
  sns_auth: ApiCounters
}

function counters(): ApiCounters {
  return { calls: 0, ok: 0, errors: 0, faulted: 0 }
}

/** Returns a zeroed {@link EmulatorStats}. */
export function createEmulatorStats(): EmulatorStats {
  return {
    jscode2session: counters(),
    stable_token: { ...counters(), issued: 0, forceRefreshes: 0 },
    token: { ...counters(), issued: 0 },
    getuserphonenumber: counters(),
    checksession: counters(),
    resetusersessionkey: counters(),
    oauth2_access_token: counters(),
    oauth2_refresh_token: counters(),
    sns_userinfo: counters(),
    sns_auth: counters(),
  }
}

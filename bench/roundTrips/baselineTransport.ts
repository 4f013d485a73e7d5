import type { Platform, TransportResponse } from 'wx-login-state/platform'

/** Why a baseline model gave up on a request; the bench counts these as failures. */
export class BaselineError extends Error {
  constructor(message: string) {
    super(`[baseline] ${message}`)
    Object.setPrototypeOf(this, new.target.prototype)
    this.name = 'BaselineError'
  }
}

/** Where the baseline models keep their token; separate from the library's key. */
export const BASELINE_TOKEN_KEY = 'bench:baseline-token'

const TIMEOUT_MS = 10_000

/** Reads the stored token, or `undefined` when there is none. */
export function storedToken(platform: Platform): string | undefined {
  const token = platform.storage.get(BASELINE_TOKEN_KEY)
  return typeof token === 'string' && token !== '' ? token : undefined
}

/**
 * The login both baselines perform, as their originals do: one `wx.login` code, one
 * `POST /api/auth/login`, the token stored. Rejects with a {@link BaselineError} on any non-2xx.
 */
export async function loginOnce(platform: Platform, baseURL: string): Promise<string> {
  const { code } = await platform.login()
  const res = await platform.request({
    url: `${baseURL}/api/auth/login`,
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    data: { code },
    timeoutMs: TIMEOUT_MS,
  })
  const token = (res.data as { token?: unknown } | null)?.token
  if (res.status !== 200 || typeof token !== 'string') throw new BaselineError(`login failed: HTTP ${res.status}`)
  platform.storage.set(BASELINE_TOKEN_KEY, token)
  return token
}

/** Sends the protected `GET /api/me`, with the token when there is one. */
export function sendMe(platform: Platform, baseURL: string, token: string | undefined): Promise<TransportResponse> {
  return platform.request({
    url: `${baseURL}/api/me`,
    method: 'GET',
    headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
    timeoutMs: TIMEOUT_MS,
  })
}

/** Resolves with the body of a 2xx answer; rejects with a {@link BaselineError} otherwise. */
export function bodyOf(res: TransportResponse): unknown {
  if (res.status < 200 || res.status >= 300) throw new BaselineError(`GET /api/me failed: HTTP ${res.status}`)
  return res.data
}

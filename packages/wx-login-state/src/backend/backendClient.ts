import { InvalidResponseError } from '../errors'
import type { TransportRequest } from '../platform/types'
import type { SessionBackend } from '../session/sessionBackend'
import { buildURL } from '../transport/url'
import type { ReadyBackend } from './grantReader'
import type { BackendCall } from './types'

/**
 * @internal The one reader of a {@link BackendDescription}: every part of the library (the login flow,
 * the session manager, the request client, the interceptor, the adapters) builds its backend calls,
 * reads answers and places the token through it, so no other file knows the wire shape.
 */
export interface BackendClient extends SessionBackend {
  /** `headers` with the token (and the fixed headers) placed, replacing any spelling of that header. */
  withToken<V>(headers: Record<string, V> | undefined, token: string): Record<string, V | string>
}

/** Creates the {@link BackendClient} of `backend` (with its grant reader), whose paths are joined to `baseURL`. */
export function createBackendClient(backend: ReadyBackend, baseURL: string): BackendClient {
  const { sendToken, _grant: grant } = backend
  const tokenHeader = sendToken.header
  const lowerTokenHeader = tokenHeader.toLowerCase()
  const prefix = sendToken.scheme === '' ? '' : `${sendToken.scheme} `
  const fixed = Object.entries(sendToken.headers ?? {})
  const fixedNames = new Set(fixed.map(([name]) => name.toLowerCase()))
  const userRule = backend.user

  function toRequest(call: BackendCall, timeoutMs: number, token?: string): TransportRequest {
    const method = call.method ?? 'POST'
    let headers: Record<string, string> = { ...call.headers }
    if (call.body !== undefined && typeof call.body !== 'string') headers = { 'Content-Type': 'application/json', ...headers }
    if (token !== undefined) headers = withToken(headers, token)
    const request: TransportRequest = { url: buildURL(baseURL, call.path, call.query), method, headers, timeoutMs }
    if (call.body !== undefined) request.data = call.body
    return request
  }

  function withToken<V>(headers: Record<string, V> | undefined, token: string): Record<string, V | string> {
    const out: Record<string, V | string> = {}
    for (const name in headers) {
      const lower = name.toLowerCase()
      if (lower !== lowerTokenHeader && !fixedNames.has(lower)) out[name] = headers[name] as V
    }
    for (const [name, value] of fixed) out[name] = value
    out[tokenHeader] = prefix + token
    return out
  }

  return {
    name: backend.name,
    loginRequest(input, timeoutMs) {
      const build = input.kind === 'web' ? backend.webLogin : backend.login
      return build === undefined ? undefined : toRequest(build(input), timeoutMs)
    },
    loginFailure: (answer) => backend.loginFailure(answer),
    readGrant: (answer, now) => grant(answer, now, false),
    hasUser: userRule !== 'none',
    userRequest(token, timeoutMs) {
      return userRule !== 'none' && userRule.fetch !== undefined ? toRequest(userRule.fetch, timeoutMs, token) : undefined
    },
    readUser(answer, token) {
      if (userRule === 'none') throw new InvalidResponseError(`${backend.name} has no users`)
      return userRule.read({ ...answer, token })
    },
    refreshRequest(refreshToken, timeoutMs) {
      return backend.refresh === undefined ? undefined : toRequest(backend.refresh.call(refreshToken), timeoutMs)
    },
    readRefresh(answer, now) {
      if (answer.status < 200 || answer.status >= 300) return undefined
      if (backend.isSessionExpired(answer) || backend.loginFailure(answer) !== undefined) return undefined
      try {
        return grant(answer, now, true)
      } catch {
        return undefined
      }
    },
    logoutRequest(token, timeoutMs) {
      return backend.logout === undefined ? undefined : toRequest(backend.logout(), timeoutMs, token)
    },
    withToken,
    isSessionExpired: (answer) => backend.isSessionExpired(answer),
  }
}

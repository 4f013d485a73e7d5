import type { ConformanceTarget, HttpAnswer, TargetRequest } from './ConformanceTarget'

/** Where a value sits in an answer: a dotted path into the JSON body, or a response header. */
export type AnswerFieldLike = string | { readonly header: string }

/** A call as a backend description builds it. */
export interface BackendCallLike {
  readonly path: string
  readonly method?: string
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** An answer as a backend description reads it: status, parsed body, lower-cased headers. */
export interface BackendAnswerLike {
  status: number
  data: unknown
  headers: Record<string, string>
}

/**
 * The part of wx-login-state's `BackendDescription` (`wx-login-state/backends`) the runner reads. Structural, so a
 * preset from that package (or your own description) is passed as it is, without this package depending on it.
 */
export interface BackendDescriptionLike {
  readonly name: string
  readonly login: (input: { code: string; kind: 'mp' | 'web'; extra: Readonly<Record<string, unknown>> }) => BackendCallLike
  readonly loginFailure: (answer: BackendAnswerLike) => { readonly reason: string; readonly code?: string } | undefined
  readonly session: { readonly token: AnswerFieldLike }
  readonly user: 'none' | { readonly fetch?: BackendCallLike }
  readonly sendToken: { readonly header: string; readonly scheme: string; readonly headers?: Readonly<Record<string, string>> }
  readonly isSessionExpired: (answer: BackendAnswerLike) => boolean
  readonly logout?: () => BackendCallLike
}

/** What a description does not say and the runner needs. */
export interface DescriptionTargetOptions {
  /** A call that needs a session; default the description's user `fetch` call. Required when it has none. */
  authenticatedCall?: BackendCallLike
  /** The phone-binding call, when the backend has one. */
  bindPhone?: (code: string) => BackendCallLike
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])

function toRequest(call: BackendCallLike, headers: Record<string, string> = {}): TargetRequest {
  const method = (call.method ?? 'POST').toUpperCase()
  if (!METHODS.has(method)) throw new TypeError(`[conformance] the description's call to ${call.path} has the method "${call.method ?? ''}"`)
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(call.query ?? {})) if (value !== undefined) params.append(key, String(value))
  const search = params.size === 0 ? '' : `${call.path.includes('?') ? '&' : '?'}${params.toString()}`
  return {
    method: method as TargetRequest['method'],
    path: `${call.path}${search}`,
    headers: { ...call.headers, ...headers },
    ...(call.body === undefined ? {} : { body: call.body }),
  }
}

function asAnswer(answer: HttpAnswer): BackendAnswerLike {
  return { status: answer.status, data: answer.json, headers: answer.headers }
}

function readField(answer: BackendAnswerLike, field: AnswerFieldLike): unknown {
  if (typeof field !== 'string') return answer.headers[field.header.toLowerCase()]
  let value: unknown = answer.data
  for (const key of field.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

/**
 * A {@link ConformanceTarget} from a wx-login-state backend description, so a backend is checked under the same
 * description its app uses: the login call, where the token is, where it goes, what "expired" and "login failed"
 * mean. A refusal the description calls a failure is the declared failure shape; its `code` is the error a client
 * reads. Throws a `TypeError` when the description has no call that needs a session and none is given.
 *
 * @example
 * import { litemallBackend } from 'wx-login-state/backends'
 * const target = targetFromDescription(litemallBackend, { authenticatedCall: { path: '/wx/user/index', method: 'GET' } })
 */
export function targetFromDescription(description: BackendDescriptionLike, options: DescriptionTargetOptions = {}): ConformanceTarget {
  const fetchCall = description.user === 'none' ? undefined : description.user.fetch
  const authenticated = options.authenticatedCall ?? fetchCall
  if (authenticated === undefined) {
    throw new TypeError(
      `[conformance] the "${description.name}" description fetches no user, so give authenticatedCall: a call that needs a session (e.g. { path: '/api/me', method: 'GET' })`,
    )
  }
  const { header, scheme, headers: fixed = {} } = description.sendToken
  const authorize = (token: string): Record<string, string> => ({ ...fixed, [header.toLowerCase()]: scheme === '' ? token : `${scheme} ${token}` })
  const failure = (answer: HttpAnswer) => description.loginFailure(asAnswer(answer))
  const logout = description.logout
  const bindPhone = options.bindPhone
  return {
    name: description.name,
    login: (code) => toRequest(description.login({ code, kind: 'mp', extra: {} })),
    readToken: (answer) => {
      if (answer.status === 0 || failure(answer) !== undefined) return undefined
      const token = readField(asAnswer(answer), description.session.token)
      return typeof token === 'string' && token !== '' ? token : undefined
    },
    authorize,
    authenticatedCall: toRequest(authenticated),
    isSessionExpired: (answer) => answer.status !== 0 && description.isSessionExpired(asAnswer(answer)),
    isLoginFailure: (answer) => answer.status !== 0 && failure(answer) !== undefined,
    readError: (answer) => {
      if (answer.status === 0) return undefined
      const found = failure(answer)
      return found === undefined ? undefined : (found.code ?? found.reason)
    },
    ...(logout === undefined
      ? {}
      : {
          logout: (token: string) => toRequest(logout(), authorize(token)),
          isLogoutDone: (answer: HttpAnswer) => answer.status >= 200 && answer.status < 300 && failure(answer) === undefined,
        }),
    ...(bindPhone === undefined ? {} : { bindPhone: (token: string, code: string) => toRequest(bindPhone(code), authorize(token)) }),
  }
}

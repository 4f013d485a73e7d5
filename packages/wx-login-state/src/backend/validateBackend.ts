import { usageError } from '../errors'
import type { BackendDescription } from './types'

const HEADER = /^[!#$%&'*+.^_`|~\w-]+$/
const PATH = /^[^.\s]+(\.[^.\s]+)*$/
const FIELD = "a dotted path such as 'data.token' or { header: 'x-token' }"
const EXPIRY = "{ at, unit: 'ms' | 's' | 'date' }, { in, unit: 'ms' | 's' }, a function or 'unknown'"

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isFn = (v: unknown) => typeof v === 'function'
const isField = (v: unknown) => (typeof v === 'string' && PATH.test(v)) || (isObj(v) && typeof v['header'] === 'string' && HEADER.test(v['header']))
const isExpiry = (v: unknown) =>
  v === 'unknown' || isFn(v) ||
  (isObj(v) && ('at' in v ? isField(v['at']) && ['ms', 's', 'date'].includes(v['unit'] as string) : isField(v['in']) && ['ms', 's'].includes(v['unit'] as string)))

let caller = 'defineBackend()'

/** Throws the `TypeError` for `backend.<path>` unless `ok`. */
function need(ok: unknown, path: string, what: string): void {
  if (!ok) throw usageError(`${caller}: backend${path} must be ${what}`)
}

function checkSession(s: unknown, path: string): void {
  need(isObj(s), path, 'an object { token, expiry }')
  const o = s as Obj
  need(isField(o['token']), `${path}.token`, FIELD)
  need(isExpiry(o['expiry']), `${path}.expiry`, EXPIRY)
  need(o['refreshToken'] === undefined || isField(o['refreshToken']), `${path}.refreshToken`, FIELD)
  need(o['refreshExpiry'] === undefined || isExpiry(o['refreshExpiry']), `${path}.refreshExpiry`, EXPIRY)
}

/**
 * Checks a backend description in depth and throws the `TypeError` naming the first wrong option
 * (`backend.session.token`, `backend.sendToken.header`, …), so that a wrong description fails at
 * start-up rather than on the first login. `defineBackend()` of `wx-login-state/backends` runs it;
 * `createAuth` runs only the cheap shape check of `checkBackendShape`, so that an app on the
 * reference contract does not carry this file.
 * @internal
 */
export function validateBackend(b: unknown, by = 'defineBackend()'): BackendDescription {
  caller = by
  need(isObj(b), '', 'a backend description such as the presets of wx-login-state/backends')
  const o = b as Obj
  need(typeof o['name'] === 'string' && o['name'].trim() !== '', '.name', 'a non-empty string')
  for (const name of ['login', 'loginFailure', 'isSessionExpired']) need(isFn(o[name]), `.${name}`, 'a function')
  for (const name of ['webLogin', 'logout']) need(o[name] === undefined || isFn(o[name]), `.${name}`, 'a function when given')
  checkSession(o['session'], '.session')
  const user = o['user']
  need(user === 'none' || (isObj(user) && isFn(user['read'])), '.user', "{ read }, { fetch, read } or 'none'")
  const fetch = isObj(user) ? user['fetch'] : undefined
  need(fetch === undefined || (isObj(fetch) && typeof fetch['path'] === 'string' && fetch['path'] !== ''), '.user.fetch', "a call such as { path: '/api/me', method: 'GET' }")
  const place = o['sendToken']
  need(isObj(place), '.sendToken', "{ header, scheme } such as { header: 'Authorization', scheme: 'Bearer' }")
  const p = place as Obj
  need(typeof p['header'] === 'string' && HEADER.test(p['header']), '.sendToken.header', "a header name such as 'Authorization'")
  need(typeof p['scheme'] === 'string' && !/\s/.test(p['scheme']), '.sendToken.scheme', "a word such as 'Bearer', or '' for none")
  need(
    p['headers'] === undefined || (isObj(p['headers']) && Object.entries(p['headers']).every(([k, v]) => HEADER.test(k) && typeof v === 'string')),
    '.sendToken.headers',
    'an object of header names and string values',
  )
  const refresh = o['refresh']
  if (refresh !== undefined) {
    need(isObj(refresh) && isFn(refresh['call']), '.refresh', '{ call(refreshToken) } when given')
    if ((refresh as Obj)['session'] !== undefined) checkSession((refresh as Obj)['session'], '.refresh.session')
    need((o['session'] as Obj)['refreshToken'] !== undefined, '.session.refreshToken', 'given with backend.refresh: where the login answer keeps the refresh token')
  }
  return b as BackendDescription
}

import { usageError } from '../errors'
import type { BackendDescription } from './types'

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/**
 * Checks a backend description once, at `createAuth`, and throws the `TypeError` naming the first
 * wrong option (`backend.session.token`, `backend.sendToken.header`, …), so that a wrong description
 * fails at start-up rather than on the first login.
 * @internal
 */
export function validateBackend(value: unknown): BackendDescription {
  const where = 'createAuth(): backend'
  if (!isObject(value)) throw usageError(`${where} must be a backend description such as the presets of wx-login-state/backends`)
  const b = value as Record<string, unknown>
  if (typeof b['name'] !== 'string' || b['name'].trim() === '') throw usageError(`${where}.name must be a non-empty string`)
  for (const name of ['login', 'loginFailure', 'isSessionExpired'] as const) {
    if (typeof b[name] !== 'function') throw usageError(`${where}.${name} must be a function`)
  }
  for (const name of ['webLogin', 'logout'] as const) {
    if (b[name] !== undefined && typeof b[name] !== 'function') throw usageError(`${where}.${name} must be a function when given`)
  }
  checkSession(b['session'], `${where}.session`)
  checkUser(b['user'], `${where}.user`)
  checkPlacement(b['sendToken'], `${where}.sendToken`)
  const refresh = b['refresh']
  if (refresh !== undefined) {
    if (!isObject(refresh) || typeof refresh['call'] !== 'function') throw usageError(`${where}.refresh must be { call(refreshToken) } when given`)
    if (refresh['session'] !== undefined) checkSession(refresh['session'], `${where}.refresh.session`)
    if ((b['session'] as Record<string, unknown>)['refreshToken'] === undefined) {
      throw usageError(`${where}.refresh needs backend.session.refreshToken: where the login answer keeps the refresh token`)
    }
  }
  return value as unknown as BackendDescription
}

function checkSession(value: unknown, where: string): void {
  if (!isObject(value)) throw usageError(`${where} must be an object { token, expiry }`)
  checkField(value['token'], `${where}.token`)
  checkExpiry(value['expiry'], `${where}.expiry`)
  if (value['refreshToken'] !== undefined) checkField(value['refreshToken'], `${where}.refreshToken`)
  if (value['refreshExpiry'] !== undefined) checkExpiry(value['refreshExpiry'], `${where}.refreshExpiry`)
}

function checkField(value: unknown, where: string): void {
  if (typeof value === 'string' && /^[^.\s]+(\.[^.\s]+)*$/.test(value)) return
  if (isObject(value) && typeof value['header'] === 'string' && HEADER_NAME.test(value['header'])) return
  throw usageError(`${where} must be a dotted path such as 'data.token' or { header: 'x-token' }`)
}

function checkExpiry(value: unknown, where: string): void {
  if (value === 'jwt' || value === 'unknown') return
  if (isObject(value)) {
    if ('at' in value && (value['unit'] === 'ms' || value['unit'] === 's' || value['unit'] === 'date')) return checkField(value['at'], `${where}.at`)
    if ('in' in value && (value['unit'] === 'ms' || value['unit'] === 's')) return checkField(value['in'], `${where}.in`)
  }
  throw usageError(`${where} must be { at, unit: 'ms' | 's' | 'date' }, { in, unit: 'ms' | 's' }, 'jwt' or 'unknown'`)
}

function checkUser(value: unknown, where: string): void {
  if (value === 'none') return
  if (!isObject(value) || typeof value['read'] !== 'function') throw usageError(`${where} must be { read }, { fetch, read } or 'none'`)
  const fetch = value['fetch']
  if (fetch !== undefined && (!isObject(fetch) || typeof fetch['path'] !== 'string' || fetch['path'].trim() === '')) {
    throw usageError(`${where}.fetch must be a call such as { path: '/api/me', method: 'GET' }`)
  }
}

function checkPlacement(value: unknown, where: string): void {
  if (!isObject(value)) throw usageError(`${where} must be { header, scheme } such as { header: 'Authorization', scheme: 'Bearer' }`)
  if (typeof value['header'] !== 'string' || !HEADER_NAME.test(value['header'])) throw usageError(`${where}.header must be a header name such as 'Authorization'`)
  if (typeof value['scheme'] !== 'string' || /\s/.test(value['scheme'])) throw usageError(`${where}.scheme must be a word such as 'Bearer', or '' for none`)
  const headers = value['headers']
  if (headers === undefined) return
  if (!isObject(headers)) throw usageError(`${where}.headers must be an object of header names and string values`)
  for (const [name, v] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name) || typeof v !== 'string') throw usageError(`${where}.headers.${name} must be a string under a valid header name`)
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

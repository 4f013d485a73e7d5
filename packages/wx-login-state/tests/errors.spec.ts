import { describe, expect, it } from 'vitest'
import {
  AuthError,
  CancelledError,
  HttpError,
  InvalidResponseError,
  LoginFailedError,
  LoginRequiredError,
  NetworkError,
  StorageError,
  TimeoutError,
  UnsupportedPlatformError,
  isAuthError,
} from '../src/errors'

describe('errors', () => {
  it.each([
    [new NetworkError('x'), 'network', 'NetworkError'],
    [new TimeoutError('x'), 'timeout', 'TimeoutError'],
    [new HttpError({ status: 500, body: {}, method: 'GET', url: '/a' }), 'http', 'HttpError'],
    [new LoginFailedError({ reason: 'login_blocked', message: 'x' }), 'login_failed', 'LoginFailedError'],
    [new LoginRequiredError('x'), 'login_required', 'LoginRequiredError'],
    [new CancelledError('x'), 'cancelled', 'CancelledError'],
    [new InvalidResponseError('x'), 'invalid_response', 'InvalidResponseError'],
    [new UnsupportedPlatformError('x'), 'unsupported_platform', 'UnsupportedPlatformError'],
    [new StorageError('x'), 'storage', 'StorageError'],
  ])('gives %o a stable code and name, and instanceof works', (error, code, name) => {
    expect(error).toBeInstanceOf(AuthError)
    expect(error).toBeInstanceOf(Error)
    expect(error.code).toBe(code)
    expect(error.name).toBe(name)
    expect(isAuthError(error)).toBe(true)
  })

  it('names the call and the backend code in an HttpError message', () => {
    const error = new HttpError({ status: 429, body: { error: 'rate_limited' }, method: 'POST', url: '/api/me' })
    expect(error.message).toBe('[wx-login-state] POST /api/me failed: HTTP 429 (rate_limited)')
  })

  it('keeps the cause', () => {
    const cause = new Error('socket hang up')
    expect(new NetworkError('x', { cause }).cause).toBe(cause)
    expect('cause' in new NetworkError('x')).toBe(false)
  })

  it('does not take foreign errors for its own', () => {
    expect(isAuthError(new Error('x'))).toBe(false)
    expect(isAuthError({ code: 'network' })).toBe(false)
    expect(isAuthError(null)).toBe(false)
  })
})

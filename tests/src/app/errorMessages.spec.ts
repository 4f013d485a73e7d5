import { describe, expect, it } from 'vitest'
import { errorMessage } from '@/src/app/errorMessages'
import {
  CancelledError,
  HttpError,
  InvalidResponseError,
  LoginFailedError,
  LoginRequiredError,
  NetworkError,
  TimeoutError,
  UnsupportedPlatformError,
  type LoginFailureReason,
} from 'wx-login-state'

const loginFailed = (reason: LoginFailureReason, extra: { retryAfterSec?: number } = {}) =>
  new LoginFailedError({ reason, message: `POST /api/auth/login failed: ${reason}`, ...extra })

describe('errorMessage', () => {
  it.each([
    ['rate_limited', '操作太频繁，请稍后再试'],
    ['timeout', '登录超时，请重试'],
    ['network', '网络异常，请检查网络或服务器'],
    ['login_blocked', '当前微信账号存在安全风险，暂时无法登录'],
    ['wechat_unavailable', '微信服务繁忙，请稍后再试'],
    ['unsupported_platform', '微信登录需要在微信小程序中使用，请在微信中打开'],
    ['wx_login_failed', '微信登录失败，请重试'],
    ['server_misconfigured', '服务器配置有误，请联系管理员'],
    ['privacy_denied', '需要同意《隐私保护指引》后才能登录'],
    ['invalid_response', '服务器返回异常，请稍后再试'],
    ['service_unavailable', '服务暂时不可用，请稍后再试'],
  ] as const)('maps the login failure %s to its own sentence', (reason, message) => {
    expect(errorMessage(loginFailed(reason))).toBe(message)
  })

  it('says how long to wait when the backend sent Retry-After', () => {
    expect(errorMessage(loginFailed('rate_limited', { retryAfterSec: 29.2 }))).toBe('操作太频繁，请 30 秒后再试')
  })

  it('gives a backend_error (an answer outside the contract) the generic login sentence', () => {
    expect(errorMessage(loginFailed('backend_error'))).toBe('登录失败，请稍后再试')
  })

  it('falls back to the generic login sentence for a reason built by untyped code', () => {
    expect(errorMessage(loginFailed('something_new' as LoginFailureReason))).toBe('登录失败，请稍后再试')
  })

  it('maps request errors by their code', () => {
    expect(errorMessage(new NetworkError('GET /api/me failed'))).toBe('网络异常，请检查网络或服务器')
    expect(errorMessage(new TimeoutError('GET /api/me timed out'))).toBe('请求超时，请重试')
    expect(errorMessage(new LoginRequiredError('no session'))).toBe('请先登录')
    expect(errorMessage(new CancelledError('cancelled'))).toBe('操作已取消')
    expect(errorMessage(new InvalidResponseError('bad body'))).toBe('服务器返回异常，请稍后再试')
    expect(errorMessage(new UnsupportedPlatformError('h5'))).toBe('微信登录需要在微信小程序中使用，请在微信中打开')
  })

  it('uses the backend error code of an HTTP error when it knows it', () => {
    const http = (status: number, body: unknown) => new HttpError({ status, body, method: 'PUT', url: '/api/me' })
    expect(errorMessage(http(400, { error: 'invalid_nickname' }))).toBe('昵称需为 1–32 个字符')
    expect(errorMessage(http(415, { error: 'unsupported_image' }))).toBe('仅支持 PNG、JPEG 或 WebP 图片')
    expect(errorMessage(http(400, { error: 'invalid_phone_code' }))).toBe('手机号授权已失效，请重新授权')
    expect(errorMessage(http(500, '<html>oops</html>'))).toBe('服务器繁忙，请稍后再试（HTTP 500）')
    expect(errorMessage(http(418, { error: 'teapot' }))).toBe('请求失败（HTTP 418）')
  })

  it('never shows the technical message of something that is not a library error', () => {
    expect(errorMessage(new TypeError('x is undefined'))).toBe('出了点问题，请稍后再试')
    expect(errorMessage('boom')).toBe('出了点问题，请稍后再试')
    expect(errorMessage(undefined)).toBe('出了点问题，请稍后再试')
  })
})

import type { FastifyBaseLogger } from 'fastify'
import { ApiError } from '../errors'
import { WechatError } from './wechatError'

/**
 * Turns a failed WeChat call into the HTTP answer of docs/api.md for the given flow (`login`, `web-login` or `phone`).
 * Misconfiguration (wrong appid or secret) is logged at error level, because only an operator can fix it; the log
 * line names the errcode, never the secret. Errors that are not WechatErrors pass through unchanged.
 */
export function wechatErrorToApi(error: unknown, flow: 'login' | 'web-login' | 'phone', log: FastifyBaseLogger): unknown {
  if (!(error instanceof WechatError)) return error
  switch (error.kind) {
    case 'invalid_code':
      return flow !== 'phone'
        ? new ApiError(401, 'invalid_code', 'The login code is invalid, expired or already used')
        : new ApiError(400, 'invalid_phone_code', 'The phone code is invalid, expired or already used')
    case 'rate_limited':
      return new ApiError(429, 'rate_limited', 'WeChat is limiting requests; try again later', { retryAfterSec: 60 })
    case 'blocked':
      if (flow !== 'phone') return new ApiError(403, 'login_blocked', 'WeChat blocked this login as high-risk')
      break
    case 'misconfigured':
      log.error(
        { api: error.api, errcode: error.errcode },
        flow === 'web-login'
          ? 'WeChat rejected the official account appid, secret or scope: check WX_OA_APPID and WX_OA_SECRET'
          : 'WeChat rejected our appid or secret: check WX_APPID and WX_SECRET',
      )
      return new ApiError(500, 'server_misconfigured', 'The server is misconfigured')
    default:
      break
  }
  log.warn({ api: error.api, kind: error.kind, errcode: error.errcode, err: error.cause }, 'WeChat call failed')
  return new ApiError(503, 'wechat_unavailable', 'WeChat did not answer; try again shortly', { retryAfterSec: 5 })
}

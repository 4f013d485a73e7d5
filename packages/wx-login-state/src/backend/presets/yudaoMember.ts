import { InvalidResponseError } from '../../errors'
import type { BackendDescription, UserReader } from '../types'
import { bodyCode } from './bodyCode'
import { defineBackend } from './defineBackend'

/** The tenant of yudao's seed data; a copy of the preset gives its own in `tenant-id`. */
export const YUDAO_DEFAULT_TENANT_ID = '1'

/** `SocialTypeEnum.WECHAT_MINI_PROGRAM`. */
const WECHAT_MINI_PROGRAM = 34

/** `SOCIAL_USER_AUTH_FAILURE`: WeChat refused the code (expired, used); the one code failure worth a fresh code. */
const SOCIAL_USER_AUTH_FAILURE = 1_002_018_000

/**
 * The member app of ruoyi-vue-pro / yudao-cloud (`AppAuthController`, prefix `/app-api`). A login with
 * a phone code (`login({ phoneCode })`, one-tap) posts `{ phoneCode, loginCode, state }` to
 * `/member/auth/weixin-mini-app-login`; a silent one (no phone code: a re-login) posts
 * `{ type: 34, code, state }` to `/member/auth/social-login`. Both answer `{ code: 0, msg, data:
 * { userId, accessToken, refreshToken, expiresTime (ms), openid } }`. Every call carries `tenant-id`;
 * the token goes in `Authorization: Bearer`; an unknown or expired token answers `{ code: 401 }`. An
 * expired session is first refreshed with `POST /member/auth/refresh-token?refreshToken=…`. Logout:
 * `POST /member/auth/logout`.
 */
export const yudaoMemberBackend: BackendDescription<UserReader> = /* @__PURE__ */ defineBackend({
  name: 'yudao-member',
  login: ({ code, extra }) => {
    const state = typeof extra['state'] === 'string' ? extra['state'] : 'default'
    const headers = { 'tenant-id': YUDAO_DEFAULT_TENANT_ID }
    return typeof extra['phoneCode'] === 'string'
      ? { path: '/app-api/member/auth/weixin-mini-app-login', method: 'POST', headers, body: { phoneCode: extra['phoneCode'], loginCode: code, state } }
      : { path: '/app-api/member/auth/social-login', method: 'POST', headers, body: { type: WECHAT_MINI_PROGRAM, code, state } }
  },
  loginFailure: (answer) => {
    const code = bodyCode(answer)
    if (answer.status >= 200 && answer.status < 300 && code === 0) return undefined
    return {
      reason: code === 400 ? 'invalid_request' : 'backend_error',
      ...(code === undefined ? {} : { code: String(code) }),
      retryWithFreshCode: code === SOCIAL_USER_AUTH_FAILURE,
    }
  },
  session: { token: 'data.accessToken', expiry: { at: 'data.expiresTime', unit: 'ms' }, refreshToken: 'data.refreshToken' },
  user: {
    read: ({ data }) => {
      const body = (data as { data?: { userId?: unknown; openid?: unknown } }).data
      const id = body?.userId
      if (typeof id !== 'number' && typeof id !== 'string') throw new InvalidResponseError('login answer: data.userId is missing')
      return { id: String(id), openid: typeof body?.openid === 'string' ? body.openid : '', nickname: '', avatarUrl: '', createdAt: 0 }
    },
  },
  sendToken: { header: 'Authorization', scheme: 'Bearer', headers: { 'tenant-id': YUDAO_DEFAULT_TENANT_ID } },
  isSessionExpired: (answer) => bodyCode(answer) === 401,
  refresh: {
    call: (refreshToken) => ({
      path: '/app-api/member/auth/refresh-token',
      method: 'POST',
      query: { refreshToken },
      headers: { 'tenant-id': YUDAO_DEFAULT_TENANT_ID },
    }),
  },
  logout: () => ({ path: '/app-api/member/auth/logout', method: 'POST' }),
})

import { InvalidResponseError } from '../../errors'
import { defineBackend } from './defineBackend'
import type { BackendDescription, UserReader } from '../types'
import { jwtClaims, jwtExpiry } from './jwt'
import { bodyCode } from './bodyCode'

/**
 * litemall's mini-program API (`WxAuthController`, `/wx/auth`): `POST /wx/auth/login_by_weixin` with
 * `{ code, userInfo }` answers `{ errno: 0, errmsg, data: { token, userInfo: { nickName, avatarUrl } } }`.
 * The token is a JWT (`userId` claim, `exp` two hours on) sent bare in `X-Litemall-Token`; a call
 * without a valid token answers HTTP 200 with `{ errno: 501 }`. The login's `errno: -1` means
 * code2Session failed, which earns one retry with a fresh code. No refresh. Logout:
 * `POST /wx/auth/logout`. Login input: `userInfo` (default an empty profile, since WeChat no longer
 * hands one out).
 */
export const litemallBackend: BackendDescription<UserReader> = /* @__PURE__ */ defineBackend({
  name: 'litemall',
  login: ({ code, extra }) => ({
    path: '/wx/auth/login_by_weixin',
    method: 'POST',
    body: { code, userInfo: typeof extra['userInfo'] === 'object' && extra['userInfo'] !== null ? extra['userInfo'] : { nickName: '', avatarUrl: '', gender: 0 } },
  }),
  loginFailure: (answer) => {
    const errno = bodyCode(answer, 'errno')
    if (answer.status >= 200 && answer.status < 300 && errno === 0) return undefined
    return {
      reason: errno === 401 || errno === 402 ? 'invalid_request' : 'backend_error',
      ...(errno === undefined ? {} : { code: String(errno) }),
      retryWithFreshCode: errno === -1,
    }
  },
  session: { token: 'data.token', expiry: jwtExpiry },
  user: {
    read: ({ data, token }) => {
      const id = jwtClaims(token)?.['userId']
      if (typeof id !== 'number' && typeof id !== 'string') throw new InvalidResponseError('login answer: data.token has no userId claim')
      const info = (data as { data?: { userInfo?: { nickName?: unknown; avatarUrl?: unknown } } }).data?.userInfo
      const text = (value: unknown): string => (typeof value === 'string' ? value : '')
      return { id: String(id), openid: '', nickname: text(info?.nickName), avatarUrl: text(info?.avatarUrl), createdAt: 0 }
    },
  },
  sendToken: { header: 'X-Litemall-Token', scheme: '' },
  isSessionExpired: (answer) => bodyCode(answer, 'errno') === 501,
  logout: () => ({ path: '/wx/auth/logout', method: 'POST' }),
})

import { InvalidResponseError } from '../../errors'
import type { User } from '../../session/types'
import type { BackendAnswer, BackendDescription, UserReader } from '../types'
import { bodyCode } from './bodyCode'
import { defineBackend } from './defineBackend'

/**
 * The client of RuoYi-Vue-Plus's seed data (`sys_client` row 1, `script/sql/ry_vue_5.X.sql`). The mini
 * program's grant `xcx` must be among that client's grant types, or give your own client's id in a copy
 * of the preset (both in the login body and in the `clientid` header).
 */
export const RUOYI_CLIENT_ID = 'e5cd7e4891bf95d1d19206ce24a7b32e'

/** RuoYi-Vue-Plus's default tenant (`TenantConstants.DEFAULT_TENANT_ID`). */
export const RUOYI_DEFAULT_TENANT_ID = '000000'

/**
 * RuoYi-Vue-Plus 5.x with its mini-program grant (`XcxAuthStrategy`): `POST /auth/login` with
 * `{ clientId, grantType: 'xcx', tenantId, xcxCode, appid }` answers `R<LoginVo>`:
 * `{ code: 200, msg, data: { access_token, expire_in (s), client_id, openid } }`; any other `code` is a
 * failure. The token goes in `Authorization: Bearer` with the `clientid` header Sa-Token checks; an
 * expired or unknown token answers HTTP 200 with `{ code: 401 }`. The user is fetched from
 * `GET /system/user/getInfo`. No refresh (the `refresh_token` field is never filled). Logout:
 * `POST /auth/logout`. Login inputs: `tenantId` (default `'000000'`) and `appid` (several mini programs).
 */
export const ruoyiVuePlusBackend: BackendDescription<UserReader> = /* @__PURE__ */ defineBackend({
  name: 'ruoyi-vue-plus',
  login: ({ code, extra }) => ({
    path: '/auth/login',
    method: 'POST',
    body: {
      clientId: RUOYI_CLIENT_ID,
      grantType: 'xcx',
      tenantId: typeof extra['tenantId'] === 'string' ? extra['tenantId'] : RUOYI_DEFAULT_TENANT_ID,
      xcxCode: code,
      ...(typeof extra['appid'] === 'string' ? { appid: extra['appid'] } : {}),
    },
  }),
  loginFailure: (answer) => {
    const code = bodyCode(answer)
    if (answer.status >= 200 && answer.status < 300 && code === 200) return undefined
    // R.fail() says 500 for every refusal (a bad code included), so none earns a retry.
    return { reason: 'backend_error', ...(code === undefined ? {} : { code: String(code) }) }
  },
  session: { token: 'data.access_token', expiry: { in: 'data.expire_in', unit: 's' } },
  user: { fetch: { path: '/system/user/getInfo', method: 'GET' }, read: readRuoYiUser },
  sendToken: { header: 'Authorization', scheme: 'Bearer', headers: { clientid: RUOYI_CLIENT_ID } },
  isSessionExpired: (answer) => bodyCode(answer) === 401,
  logout: () => ({ path: '/auth/logout', method: 'POST' }),
})

/** `R<UserInfoVo>` of `GET /system/user/getInfo`: `{ code: 200, data: { user: { userId, nickName, avatar, phonenumber } } }`. */
function readRuoYiUser(answer: BackendAnswer): User {
  const where = 'GET /system/user/getInfo'
  if (bodyCode(answer) !== 200) throw new InvalidResponseError(`${where}: code is not 200`)
  const user = (answer.data as { data?: { user?: Record<string, unknown> } }).data?.user
  if (typeof user !== 'object' || user === null) throw new InvalidResponseError(`${where}: data.user is missing`)
  const id = user['userId']
  if (typeof id !== 'number' && typeof id !== 'string') throw new InvalidResponseError(`${where}: data.user.userId is missing`)
  const text = (key: string): string => (typeof user[key] === 'string' ? (user[key] as string) : '')
  const phone = text('phonenumber')
  return { id: String(id), openid: '', nickname: text('nickName'), avatarUrl: text('avatar'), createdAt: 0, ...(phone ? { phoneNumber: phone } : {}) }
}

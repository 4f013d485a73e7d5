/**
 * A test backend with RuoYi-Vue-Plus 5.x's wire behaviour for a mini program, reproduced from
 * dromara/RuoYi-Vue-Plus at commit 098d3347a0df808908aab8c554cd7c4febc5e6d9:
 * - ruoyi-admin/src/main/java/org/dromara/web/controller/AuthController.java: `POST /auth/login` reads
 *   `{ clientId, grantType }`, refuses an unknown client or a grant the client lacks with `R.fail` (code 500),
 *   answers `R.ok(loginVo)`; `POST /auth/logout` answers `R.ok("退出成功")`.
 * - ruoyi-admin/src/main/java/org/dromara/web/service/impl/XcxAuthStrategy.java: `xcxCode` (+ `appid`), the
 *   code2Session call (left as a todo there; done here against the emulator), `expire_in` = the token's
 *   remaining seconds, `client_id`, `openid`.
 * - ruoyi-admin/src/main/java/org/dromara/web/domain/vo/LoginVo.java: `access_token`, `refresh_token`,
 *   `expire_in`, `refresh_expire_in`, `client_id`, `scope`, `openid` (refresh_token is never filled).
 * - ruoyi-common/ruoyi-common-core/src/main/java/org/dromara/common/core/domain/R.java: `{ code, msg, data }`,
 *   SUCCESS 200, FAIL 500.
 * - ruoyi-common/ruoyi-common-satoken/src/main/resources/common-satoken.yml (`token-prefix: "Bearer"`) and
 *   ruoyi-admin/src/main/resources/application.yml (`token-name: Authorization`).
 * - ruoyi-common/ruoyi-common-security/src/main/java/org/dromara/common/security/config/SecurityConfig.java:
 *   every protected path needs a login, and the `clientid` header (or parameter) must equal the token's client.
 * - ruoyi-common/ruoyi-common-satoken/src/main/java/org/dromara/common/satoken/handler/SaTokenExceptionHandler.java:
 *   `NotLoginException` answers HTTP 200 with `R.fail(401, "认证失败，无法访问系统资源")`.
 * - script/sql/ry_vue_5.X.sql: client `e5cd7e4891bf95d1d19206ce24a7b32e` (timeout 1800 s), tenant `000000`;
 *   here its grant types include `xcx`, as a team adopting the mini-program grant configures it.
 * - ruoyi-modules/ruoyi-system/.../SysUserController.java: `GET /system/user/getInfo` → `R<UserInfoVo>`.
 */
import { createBackendKit, type TestBackend, type TestBackendOptions } from './backendKit'

const CLIENT_ID = 'e5cd7e4891bf95d1d19206ce24a7b32e'
const CLIENT_GRANTS = 'password,social,xcx'
const TIMEOUT_SEC = 1800

/** Options of {@link startRuoYiVuePlusBackend}. */
export interface RuoYiBackendOptions extends TestBackendOptions {
  /** The token's lifetime in seconds (`sys_client.timeout`); default 1800. */
  timeoutSec?: number
}

/** Starts the RuoYi-Vue-Plus test backend; see the module comment. */
export async function startRuoYiVuePlusBackend(options: RuoYiBackendOptions): Promise<TestBackend> {
  const kit = createBackendKit(options)
  const { app, counts, sessions } = kit
  const timeoutSec = options.timeoutSec ?? TIMEOUT_SEC
  const ok = (data?: unknown, msg = '操作成功') => ({ code: 200, msg, ...(data === undefined ? {} : { data }) })
  const fail = (msg: string, code = 500) => ({ code, msg })

  /** Sa-Token's check: the `Authorization` header without its `Bearer ` prefix, and the client id. */
  function loggedIn(headers: Record<string, unknown>): { userId: number; openid: string } | undefined {
    const raw = String(headers['authorization'] ?? '')
    const token = raw.startsWith('Bearer ') ? raw.slice(7) : raw
    const session = sessions.get(token)
    if (!session || session.expiresAt <= kit.now() || headers['clientid'] !== CLIENT_ID) {
      counts.refused++
      return undefined
    }
    counts.authorized++
    return session
  }
  const notLoggedIn = fail('认证失败，无法访问系统资源', 401)

  app.post('/auth/login', async (request) => {
    counts.loginCalls++
    const body = (request.body ?? {}) as Record<string, unknown>
    if (typeof body['clientId'] !== 'string' || body['clientId'] === '') return fail('客户端id不能为空')
    if (typeof body['grantType'] !== 'string' || body['grantType'] === '') return fail('授权类型不能为空')
    if (body['clientId'] !== CLIENT_ID || !CLIENT_GRANTS.split(',').includes(body['grantType'])) return fail('认证权限类型错误')
    if (body['grantType'] !== 'xcx') return fail('认证权限类型错误')
    if (body['tenantId'] !== undefined && body['tenantId'] !== '000000') return fail('对不起, 您的租户不存在')
    if (typeof body['xcxCode'] !== 'string' || body['xcxCode'] === '') return fail('{xcx.code.not.blank}')
    const wx = await options.emulator.code2Session(body['xcxCode'])
    if (wx.openid === undefined) return fail(`微信登录失败: ${wx.errmsg ?? 'unknown'}`)
    const token = kit.newToken()
    const userId = kit.userOf(wx.openid)
    sessions.set(token, { userId, openid: wx.openid, expiresAt: kit.now() + timeoutSec * 1000 })
    const broken = kit.takeBrokenLogin()
    if (broken) return broken.body
    counts.logins++
    return ok({ access_token: token, expire_in: timeoutSec, client_id: CLIENT_ID, openid: wx.openid })
  })

  app.post('/auth/logout', async (request) => {
    const raw = String(request.headers['authorization'] ?? '')
    if (sessions.delete(raw.startsWith('Bearer ') ? raw.slice(7) : raw)) counts.logouts++
    return ok(undefined, '退出成功')
  })

  app.get('/system/user/getInfo', async (request) => {
    const user = loggedIn(request.headers)
    if (!user) return notLoggedIn
    return ok({
      user: { userId: user.userId, tenantId: '000000', userName: `wx_${user.userId}`, nickName: `微信用户${user.userId}`, userType: 'app_user', avatar: null, phonenumber: '' },
      permissions: [],
      roles: ['common'],
    })
  })

  // A business endpoint: TableDataInfo answers `{ total, rows, code, msg }`.
  app.get('/system/notice/list', async (request) => {
    if (!loggedIn(request.headers)) return notLoggedIn
    return { total: 1, rows: [{ noticeId: 1, noticeTitle: '欢迎' }], code: 200, msg: '查询成功' }
  })

  return kit.start()
}

/**
 * A test backend with the wire behaviour of the member app of ruoyi-vue-pro (yudao), reproduced from
 * YunaiV/ruoyi-vue-pro at commit e4e460d563a3b6f0b5255f9b061b258128ffd822:
 * - yudao-module-member/.../controller/app/auth/AppAuthController.java: `POST /member/auth/social-login`,
 *   `POST /member/auth/weixin-mini-app-login`, `POST /member/auth/refresh-token` (`@RequestParam refreshToken`),
 *   `POST /member/auth/logout` (`@PermitAll`, logs out the token when one came); all under `/app-api`.
 * - .../controller/app/auth/vo/AppAuthLoginRespVO.java: `{ userId, accessToken, refreshToken, expiresTime, openid }`;
 *   yudao-framework/.../jackson/config/YudaoJacksonAutoConfiguration.java writes `LocalDateTime` as epoch ms.
 * - .../controller/app/auth/vo/AppAuthWeixinMiniAppLoginReqVO.java: `phoneCode`, `loginCode`, `state`, all `@NotEmpty`;
 *   AppAuthSocialLoginReqVO.java: `type` (34 = WECHAT_MINI_PROGRAM), `code`, `state`.
 * - yudao-module-member/.../service/auth/MemberAuthServiceImpl.java: social login finds or creates the member by
 *   the code's openid; the phone login binds the code's openid to the phone's member.
 * - yudao-module-system/.../service/oauth2/OAuth2TokenServiceImpl.java: `refreshAccessToken` answers
 *   `400 无效的刷新令牌` for an unknown refresh token and `401 刷新令牌已过期` for an expired one, deletes the old
 *   access tokens and issues a new one under the SAME refresh token; `checkAccessToken` answers 401.
 * - yudao-framework/.../security/core/filter/TokenAuthenticationFilter.java and AuthenticationEntryPointImpl.java:
 *   the token comes from `Authorization` (`Bearer ` stripped); a protected call without a valid one answers
 *   HTTP 200 with `CommonResult.error(UNAUTHORIZED)`, i.e. `{ code: 401, msg: '账号未登录' }`.
 * - yudao-framework/.../exception/enums/GlobalErrorCodeConstants.java: SUCCESS 0, BAD_REQUEST 400, UNAUTHORIZED 401;
 *   yudao-module-system/.../enums/ErrorCodeConstants.java: SOCIAL_USER_AUTH_FAILURE 1_002_018_000.
 * - sql/mysql/ruoyi-vue-pro.sql, `system_oauth2_client` `default`: access token 1800 s, refresh token 2592000 s.
 * - yudao-framework/.../tenant/config/TenantProperties.java: every request carries the `tenant-id` header.
 * The phone number exchange of the phone login is not reproduced: a non-empty `phoneCode` stands for a phone.
 */
import { createBackendKit, type TestBackend, type TestBackendOptions } from './backendKit'

const ACCESS_SEC = 1800
const REFRESH_SEC = 2_592_000

/** Options of {@link startYudaoMemberBackend}. */
export interface YudaoBackendOptions extends TestBackendOptions {
  accessTokenSec?: number
}

/** Starts the yudao member-app test backend; see the module comment. */
export async function startYudaoMemberBackend(options: YudaoBackendOptions): Promise<TestBackend & { expireRefreshTokens(): void }> {
  const kit = createBackendKit(options)
  const { app, counts, sessions, refreshTokens } = kit
  const accessSec = options.accessTokenSec ?? ACCESS_SEC
  const success = (data: unknown) => ({ code: 0, data, msg: '' })
  const error = (code: number, msg: string) => ({ code, msg })

  app.addHook('preHandler', async (request, reply) => {
    if (request.headers['tenant-id'] !== '1') return reply.send(error(400, '请求的租户标识未传递，请进行排查'))
  })

  function tokenOf(headers: Record<string, unknown>): string {
    const raw = String(headers['authorization'] ?? '')
    return raw.startsWith('Bearer ') ? raw.slice(7) : raw
  }
  function member(headers: Record<string, unknown>): { userId: number } | undefined {
    const session = sessions.get(tokenOf(headers))
    if (!session || session.expiresAt <= kit.now()) {
      counts.refused++
      return undefined
    }
    counts.authorized++
    return session
  }

  function issue(userId: number, openid: string, refreshToken?: string) {
    const rt = refreshToken ?? kit.newToken()
    if (refreshToken === undefined) refreshTokens.set(rt, { userId, openid, expiresAt: kit.now() + REFRESH_SEC * 1000 })
    const accessToken = kit.newToken()
    const expiresTime = kit.now() + accessSec * 1000
    sessions.set(accessToken, { userId, openid, expiresAt: expiresTime, refreshToken: rt })
    return { userId, accessToken, refreshToken: rt, expiresTime, openid }
  }

  async function login(code: unknown, state: unknown): Promise<unknown> {
    counts.loginCalls++
    if (typeof code !== 'string' || code === '' || typeof state !== 'string' || state === '') return error(400, '请求参数不正确')
    const wx = await options.emulator.code2Session(code)
    if (wx.openid === undefined) return error(1_002_018_000, `社交授权失败，原因是：${wx.errmsg ?? ''}`)
    const answer = issue(kit.userOf(wx.openid), wx.openid)
    const broken = kit.takeBrokenLogin()
    if (broken) return broken.body
    counts.logins++
    return success(answer)
  }

  app.post('/app-api/member/auth/social-login', async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    if (body['type'] !== 34) return error(400, '请求参数不正确:社交平台的类型不能为空')
    return login(body['code'], body['state'])
  })

  app.post('/app-api/member/auth/weixin-mini-app-login', async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    if (typeof body['phoneCode'] !== 'string' || body['phoneCode'] === '') return error(400, '请求参数不正确:手机 code 不能为空')
    return login(body['loginCode'], body['state'])
  })

  app.post('/app-api/member/auth/refresh-token', async (request) => {
    counts.refreshCalls++
    const refreshToken = (request.query as Record<string, unknown>)['refreshToken']
    const known = typeof refreshToken === 'string' ? refreshTokens.get(refreshToken) : undefined
    if (typeof refreshToken !== 'string' || !known) return error(400, '无效的刷新令牌')
    for (const [token, s] of sessions) if (s.refreshToken === refreshToken) sessions.delete(token)
    if (known.expiresAt <= kit.now()) {
      refreshTokens.delete(refreshToken)
      return error(401, '刷新令牌已过期')
    }
    counts.refreshes++
    return success(issue(known.userId, known.openid, refreshToken))
  })

  app.post('/app-api/member/auth/logout', async (request) => {
    const token = tokenOf(request.headers)
    if (token !== '' && sessions.delete(token)) counts.logouts++
    return success(true)
  })

  // A business endpoint: AppMemberUserController `GET /member/user/get`.
  app.get('/app-api/member/user/get', async (request) => {
    const m = member(request.headers)
    if (!m) return error(401, '账号未登录')
    return success({ id: m.userId, nickname: `用户${m.userId}`, avatar: '', mobile: '', point: 0 })
  })

  const backend = await kit.start()
  return {
    ...backend,
    expireRefreshTokens() {
      for (const entry of refreshTokens.values()) entry.expiresAt = 0
    },
  }
}

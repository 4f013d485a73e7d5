/**
 * A test backend with litemall's mini-program API wire behaviour, reproduced from linlinjava/litemall at
 * commit a1ef964a718b7277925b19ea26afe78ea3a1d325:
 * - litemall-wx-api/src/main/java/org/linlinjava/litemall/wx/web/WxAuthController.java: `@RequestMapping("/wx/auth")`;
 *   `POST login_by_weixin` with `{ code, userInfo }` answers `badArgument()` when either is missing, `fail()` when
 *   code2Session gives no openid, else `ok({ token, userInfo })`, creating the user by openid on first sight;
 *   `POST logout` answers `unlogin()` without a logged-in user, else `ok()`.
 * - litemall-wx-api/.../wx/util/JwtHelper.java: an HS256 JWT signed with `X-Litemall-Token`, claims `userId`,
 *   issuer `LITEMALL`, subject `this is litemall token`, audience `MINIAPP`, `iat`, `exp` two hours on.
 * - litemall-wx-api/.../wx/annotation/support/LoginUserHandlerMethodArgumentResolver.java: the token comes from the
 *   `X-Litemall-Token` header, bare; an invalid one means no user.
 * - litemall-core/.../core/util/ResponseUtil.java: `{ errno, errmsg, data }`; ok 0, fail -1, badArgument 401,
 *   unlogin 501, all with HTTP 200.
 * - litemall-wx-api/.../wx/web/WxUserController.java: `GET /wx/user/index` needs a user.
 * litemall's tokens are stateless, so "the backend forgot every session" is a new signing key here (a key
 * rotation): every token issued before no longer verifies.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createBackendKit, type TestBackend, type TestBackendOptions } from './backendKit'

const TWO_HOURS_MS = 2 * 3600 * 1000

/** Options of {@link startLitemallBackend}. */
export interface LitemallBackendOptions extends TestBackendOptions {
  /** The JWT's lifetime; default two hours, as JwtHelper sets it. */
  tokenTtlMs?: number
}

/** Starts the litemall test backend; see the module comment. */
export async function startLitemallBackend(options: LitemallBackendOptions): Promise<TestBackend> {
  const kit = createBackendKit(options)
  const { app, counts } = kit
  const ttl = options.tokenTtlMs ?? TWO_HOURS_MS
  let secret = 'X-Litemall-Token'
  const issued = new Set<string>()
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const sign = (input: string) => createHmac('sha256', secret).update(input).digest('base64url')
  const ok = (data?: unknown) => ({ errno: 0, errmsg: '成功', ...(data === undefined ? {} : { data }) })
  const unlogin = { errno: 501, errmsg: '请登录' }

  function createToken(userId: number): string {
    const iat = Math.floor(kit.now() / 1000)
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ userId, iss: 'LITEMALL', sub: 'this is litemall token', aud: 'MINIAPP', iat, exp: Math.floor((kit.now() + ttl) / 1000) })}`
    const token = `${head}.${sign(head)}`
    issued.add(token)
    return token
  }

  /** UserTokenManager.getUserId: verifies the JWT (signature, issuer, expiry) and reads `userId`. */
  function userIdOf(headers: Record<string, unknown>): number | undefined {
    const token = String(headers['x-litemall-token'] ?? '')
    const [h, p, s] = token.split('.')
    if (h === undefined || p === undefined || s === undefined) return undefined
    const expected = Buffer.from(sign(`${h}.${p}`))
    if (expected.length !== Buffer.from(s).length || !timingSafeEqual(expected, Buffer.from(s))) return undefined
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { userId?: number; exp?: number; iss?: string }
    if (claims.iss !== 'LITEMALL' || typeof claims.exp !== 'number' || claims.exp * 1000 <= kit.now()) return undefined
    return claims.userId
  }
  function user(headers: Record<string, unknown>): number | undefined {
    const id = userIdOf(headers)
    if (id === undefined) counts.refused++
    else counts.authorized++
    return id
  }

  app.post('/wx/auth/login_by_weixin', async (request) => {
    counts.loginCalls++
    const body = (request.body ?? {}) as { code?: unknown; userInfo?: { nickName?: unknown; avatarUrl?: unknown } }
    if (typeof body.code !== 'string' || typeof body.userInfo !== 'object' || body.userInfo === null) return { errno: 401, errmsg: '参数不对' }
    const wx = await options.emulator.code2Session(body.code)
    if (wx.openid === undefined || wx.session_key === undefined) return { errno: -1, errmsg: '错误' }
    const token = createToken(kit.userOf(wx.openid))
    const broken = kit.takeBrokenLogin()
    if (broken) return broken.body
    counts.logins++
    return ok({ token, userInfo: body.userInfo })
  })

  app.post('/wx/auth/logout', async (request) => {
    if (userIdOf(request.headers) === undefined) return unlogin
    counts.logouts++
    return ok()
  })

  app.get('/wx/user/index', async (request) => {
    if (user(request.headers) === undefined) return unlogin
    return ok({ order: { unpaid: 0, unship: 0, unrecv: 0, uncomment: 0 } })
  })

  return kit.start({
    forget() {
      // A key rotation: every token signed before no longer verifies.
      secret = `X-Litemall-Token-${kit.newToken(4)}`
      issued.clear()
    },
    liveTokens: () => [...issued],
  })
}

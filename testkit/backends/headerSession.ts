/**
 * A test backend of a shape in none of the presets, for the hand-written description of the docs'
 * "Your own backend" example: the session travels in response headers.
 * - `GET /v2/session?js_code=…&app=shop` logs in: `201 { ok: true, refresh }` with the token in
 *   `X-Session-Token` and its expiry in `X-Session-Expires` (epoch seconds); a used or expired code answers
 *   `400 { ok: false, reason: 'CODE_USED' }`, WeChat down `503 { ok: false, reason: 'WX_DOWN' }`.
 * - The token goes in a `token` header, bare, with `X-App: shop`.
 * - An unknown or expired token answers `419 { ok: false, reason: 'SESSION_GONE' }`.
 * - `PUT /v2/session { refresh }` trades a refresh token for a new session AND a new refresh token (rotation:
 *   the old one is dead from then on); an unknown one answers 419.
 * - `DELETE /v2/session` logs out. There are no users to show.
 */
import { createBackendKit, type TestBackend, type TestBackendOptions } from './backendKit'

/** Options of {@link startHeaderSessionBackend}. */
export interface HeaderSessionOptions extends TestBackendOptions {
  ttlSec?: number
}

/** Starts the header-session test backend; see the module comment. */
export async function startHeaderSessionBackend(options: HeaderSessionOptions): Promise<TestBackend> {
  const kit = createBackendKit(options)
  const { app, counts, sessions, refreshTokens } = kit
  const ttl = (options.ttlSec ?? 3600) * 1000
  const gone = { ok: false, reason: 'SESSION_GONE' }

  function issue(reply: { header(name: string, value: string): unknown }, userId: number, openid: string) {
    const token = kit.newToken()
    const expiresAt = kit.now() + ttl
    sessions.set(token, { userId, openid, expiresAt })
    const refresh = kit.newToken(24)
    refreshTokens.set(refresh, { userId, openid, expiresAt: kit.now() + 30 * 86_400_000 })
    reply.header('X-Session-Token', token)
    reply.header('X-Session-Expires', String(Math.floor(expiresAt / 1000)))
    return { ok: true, refresh }
  }
  function valid(headers: Record<string, unknown>): boolean {
    const s = sessions.get(String(headers['token'] ?? ''))
    const good = s !== undefined && s.expiresAt > kit.now() && headers['x-app'] === 'shop'
    if (good) counts.authorized++
    else counts.refused++
    return good
  }

  app.get('/v2/session', async (request, reply) => {
    counts.loginCalls++
    const query = request.query as Record<string, unknown>
    if (typeof query['js_code'] !== 'string' || query['app'] !== 'shop') return reply.code(400).send({ ok: false, reason: 'BAD_INPUT' })
    const wx = await options.emulator.code2Session(query['js_code'])
    if (wx.openid === undefined) {
      const used = wx.errcode === 40029 || wx.errcode === 40163
      return reply.code(used ? 400 : 503).send({ ok: false, reason: used ? 'CODE_USED' : 'WX_DOWN' })
    }
    const body = issue(reply, kit.userOf(wx.openid), wx.openid)
    const broken = kit.takeBrokenLogin()
    if (broken) {
      reply.removeHeader('X-Session-Token')
      return reply.code(201).send(broken.body)
    }
    counts.logins++
    return reply.code(201).send(body)
  })

  app.put('/v2/session', async (request, reply) => {
    counts.refreshCalls++
    const refresh = ((request.body ?? {}) as { refresh?: unknown }).refresh
    const known = typeof refresh === 'string' ? refreshTokens.get(refresh) : undefined
    if (typeof refresh !== 'string' || !known || known.expiresAt <= kit.now()) return reply.code(419).send(gone)
    refreshTokens.delete(refresh)
    counts.refreshes++
    return reply.code(201).send(issue(reply, known.userId, known.openid))
  })

  app.delete('/v2/session', async (request, reply) => {
    if (sessions.delete(String(request.headers['token'] ?? ''))) counts.logouts++
    return reply.code(204).send()
  })

  app.get('/v2/cart', async (request, reply) => {
    if (!valid(request.headers)) return reply.code(419).send(gone)
    return { ok: true, items: [] }
  })

  return kit.start({
    forget(opts = {}) {
      sessions.clear()
      if (opts.refreshTokens === true) refreshTokens.clear()
    },
  })
}

import { randomBytes } from 'node:crypto'
import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'

/** A running {@link startBrokenBackend}. */
export interface BrokenBackend {
  url: string
  close(): Promise<void>
}

/** The four mistakes this backend makes on purpose, and the conformance rule each one breaks. */
export const BROKEN_RULES = {
  leaksSessionKey: 'no-session-key-or-secret',
  replaysUsedCode: 'code-reuse-refused',
  keepsSessionsAfterLogout: 'revoked-token-expired',
  acceptsGarbageTokens: 'malformed-token-expired',
} as const

const TOKEN = /^[A-Za-z0-9_-]{43}$/

/**
 * A login backend in the reference contract's shape that gets four things wrong, for the conformance runner's own
 * test: it sends `session_key` to the client, answers a reused code with the first login's answer (a "login cache"
 * keyed by code), answers logout 204 without revoking anything, and answers 200 to a token that is not even a token.
 * Everything else is right: WeChat's errcodes map to the reference error codes, unknown well-formed tokens get
 * `401 session_expired`, errors are `{ error, message }`. It calls code2Session at `wxApiBase`.
 */
export async function startBrokenBackend(options: { wxApiBase: string; appid: string; secret: string }): Promise<BrokenBackend> {
  const sessions = new Map<string, { openid: string; sessionKey: string }>()
  const answersByCode = new Map<string, unknown>()
  const app: FastifyInstance = Fastify()

  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500
    return reply.code(status).send({ error: status === 500 ? 'internal_error' : 'invalid_request', message: error.message })
  })

  app.post('/api/auth/login', async (request, reply) => {
    const body = request.body as { code?: unknown } | null
    const code = body?.code
    if (typeof code !== 'string' || code === '') return reply.code(400).send({ error: 'invalid_request', message: 'body.code is required' })
    const cached = answersByCode.get(code)
    if (cached !== undefined) return cached
    const url = new URL('/sns/jscode2session', options.wxApiBase)
    url.search = new URLSearchParams({ appid: options.appid, secret: options.secret, js_code: code, grant_type: 'authorization_code' }).toString()
    let wx: { openid?: string; session_key?: string; errcode?: number }
    try {
      wx = (await (await fetch(url)).json()) as typeof wx
    } catch {
      return reply.code(503).send({ error: 'wechat_unavailable', message: 'WeChat did not answer' })
    }
    if (wx.errcode !== undefined && wx.errcode !== 0) {
      const [status, error] =
        wx.errcode === 40029 || wx.errcode === 40163 ? [401, 'invalid_code'] : wx.errcode === 40226 ? [403, 'login_blocked'] : wx.errcode === 45011 ? [429, 'rate_limited'] : [503, 'wechat_unavailable']
      return reply.code(status).send({ error, message: `WeChat answered ${wx.errcode}` })
    }
    const token = randomBytes(32).toString('base64url')
    sessions.set(token, { openid: wx.openid ?? '', sessionKey: wx.session_key ?? '' })
    const answer = {
      token,
      expiresAt: Date.now() + 3_600_000,
      user: { id: wx.openid, openid: wx.openid, nickname: '', avatarUrl: '', createdAt: Date.now() },
      session_key: wx.session_key,
    }
    answersByCode.set(code, answer)
    return answer
  })

  function session(authorization: string | undefined): { openid: string } | 'garbage' | undefined {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1]
    if (token === undefined || !TOKEN.test(token)) return 'garbage'
    return sessions.get(token)
  }

  app.get('/api/me', async (request, reply) => {
    const found = session(request.headers.authorization)
    if (found === 'garbage') return { user: { id: 'anonymous', openid: '', nickname: '', avatarUrl: '', createdAt: 0 } }
    if (found === undefined) return reply.code(401).send({ error: 'session_expired', message: 'Session expired or unknown; log in again' })
    return { user: { id: found.openid, openid: found.openid, nickname: '', avatarUrl: '', createdAt: 0 } }
  })

  app.post('/api/auth/logout', async (_request, reply) => reply.code(204).send())

  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('startBrokenBackend: no TCP address')
  return { url: `http://127.0.0.1:${address.port}`, close: () => app.close() }
}

/**
 * A test backend speaking the reference contract (docs/api.md), for the preset scenarios that every
 * description passes: `POST /api/auth/login { code }` answers `200 { token, expiresAt, user }` or
 * `401 { error: 'invalid_code' }`; `(auth)` endpoints take `Authorization: Bearer <token>` and answer
 * `401 { error: 'session_expired' }`; `POST /api/auth/logout` ends the session. The real reference server
 * (server/) runs the same contract in the integration suites; this one adds the counts the scenarios read.
 */
import { createBackendKit, type TestBackend, type TestBackendOptions } from './backendKit'

const SESSION_MS = 30 * 86_400_000

/** Starts the reference-contract test backend; see the module comment. */
export async function startReferenceContractBackend(options: TestBackendOptions): Promise<TestBackend> {
  const kit = createBackendKit(options)
  const { app, counts, sessions } = kit
  const bearer = (headers: Record<string, unknown>) => /^Bearer (\S+)$/.exec(String(headers['authorization'] ?? ''))?.[1] ?? ''
  const userOf = (userId: number, openid: string) => ({ id: `u_${userId}`, openid, nickname: '', avatarUrl: '', createdAt: 1_735_689_600_000 })

  app.post('/api/auth/login', async (request, reply) => {
    counts.loginCalls++
    const code = ((request.body ?? {}) as { code?: unknown }).code
    if (typeof code !== 'string' || code === '') return reply.code(400).send({ error: 'invalid_request', message: 'code is required' })
    const wx = await options.emulator.code2Session(code)
    if (wx.openid === undefined) return reply.code(401).send({ error: 'invalid_code', message: wx.errmsg ?? '' })
    const userId = kit.userOf(wx.openid)
    const token = kit.newToken(32)
    const expiresAt = kit.now() + SESSION_MS
    sessions.set(token, { userId, openid: wx.openid, expiresAt })
    const broken = kit.takeBrokenLogin()
    if (broken) return broken.body
    counts.logins++
    return { token, expiresAt, user: userOf(userId, wx.openid) }
  })

  app.post('/api/auth/logout', async (request, reply) => {
    if (sessions.delete(bearer(request.headers))) counts.logouts++
    return reply.code(204).send()
  })

  app.get('/api/me', async (request, reply) => {
    const session = sessions.get(bearer(request.headers))
    if (!session || session.expiresAt <= kit.now()) {
      counts.refused++
      return reply.code(401).send({ error: 'session_expired', message: 'log in again' })
    }
    counts.authorized++
    return { user: userOf(session.userId, session.openid) }
  })

  return kit.start()
}

import type { FastifyError, FastifyInstance } from 'fastify'
import type { WxEmulator } from '../WxEmulator'
import { wxErrorBody } from '../wxErrors'
import { accessToken } from './accessToken'
import { answerWx } from './answerWx'
import { checkSessionKey } from './checkSessionKey'
import { oauthAccessToken, oauthRefreshToken, snsAuth, snsUserInfo } from './oauthApi'
import { resetUserSessionKey } from './resetUserSessionKey'
import { wxFallbackRoutes } from './wxFallback'
import { code2Session } from './code2Session'
import { phoneNumber } from './phoneNumber'
import { stableToken } from './stableToken'

/**
 * Registers WeChat's own paths. Runs in its own encapsulated context so that its raw-body parser and its
 * error handler (WeChat answers malformed input with HTTP 200 and errcode 47001) never touch the host app.
 */
export async function wxApiRoutes(scope: FastifyInstance, options: { emulator: WxEmulator }): Promise<void> {
  const { emulator } = options

  // WeChat parses POST bodies as JSON whatever Content-Type says, so take every body as text and parse it ourselves.
  scope.removeAllContentTypeParsers()
  scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))

  scope.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500
    if (status < 500) return reply.code(200).send(wxErrorBody(47001, emulator.rid()))
    request.log.error({ err: error }, 'wx emulator route failed')
    return reply.code(500).send({ error: 'internal_error', message: 'The WeChat emulator failed; see its log' })
  })

  scope.get('/sns/jscode2session', (request, reply) =>
    answerWx(emulator, 'jscode2session', reply, () => code2Session(emulator, request)),
  )
  scope.get('/cgi-bin/token', (request, reply) =>
    answerWx(emulator, 'token', reply, () => accessToken(emulator, request)),
  )
  scope.post('/cgi-bin/stable_token', (request, reply) =>
    answerWx(emulator, 'stable_token', reply, () => stableToken(emulator, request)),
  )
  scope.post('/wxa/business/getuserphonenumber', (request, reply) =>
    answerWx(emulator, 'getuserphonenumber', reply, () => phoneNumber(emulator, request)),
  )
  scope.get('/wxa/checksession', (request, reply) =>
    answerWx(emulator, 'checksession', reply, () => checkSessionKey(emulator, request)),
  )
  scope.get('/wxa/resetusersessionkey', (request, reply) =>
    answerWx(emulator, 'resetusersessionkey', reply, () => resetUserSessionKey(emulator, request)),
  )
  scope.get('/sns/oauth2/access_token', (request, reply) =>
    answerWx(emulator, 'oauth2_access_token', reply, () => oauthAccessToken(emulator, request)),
  )
  scope.get('/sns/oauth2/refresh_token', (request, reply) =>
    answerWx(emulator, 'oauth2_refresh_token', reply, () => oauthRefreshToken(emulator, request)),
  )
  scope.get('/sns/userinfo', (request, reply) => answerWx(emulator, 'sns_userinfo', reply, () => snsUserInfo(emulator, request)))
  scope.get('/sns/auth', (request, reply) => answerWx(emulator, 'sns_auth', reply, () => snsAuth(emulator, request)))
  await scope.register(wxFallbackRoutes, { emulator })
}

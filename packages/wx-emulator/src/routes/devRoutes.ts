import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import type { WxEmulator } from '../WxEmulator'
import { isSessionKey } from '../wxIdentifiers'
import { DevInputError, parseDevBody } from './devInput'
import { EncryptBody, LoginCodeBody, OauthCodeBody, OpenidBody, PhoneCodeBody } from './devSchemas'
import { faultRoutes } from './faultRoutes'

function unknownOpenid(openid: string): DevInputError {
  return new DevInputError(404, 'unknown_openid', `No emulated user has openid "${openid}"; create one with POST /__emulator/login-code`)
}

function sendDevError(error: FastifyError | DevInputError, reply: FastifyReply): FastifyReply {
  if (error instanceof DevInputError) return reply.code(error.statusCode).send({ error: error.code, message: error.message })
  const status = error.statusCode ?? 500
  if (status >= 500) return reply.code(500).send({ error: 'internal_error', message: 'The WeChat emulator failed; see its log' })
  const code = status === 415 ? 'unsupported_media_type' : status === 413 ? 'payload_too_large' : 'invalid_request'
  return reply.code(status).send({ error: code, message: error.message })
}

/**
 * Registers the `/__emulator/*` tooling that stands in for the mini program side (wx.login, getPhoneNumber,
 * open-data encryption) and controls the emulator (faults, key expiry, stats). Its own context keeps its error
 * shape, `{ error, message }` with a 4xx status, away from the host app.
 */
export async function devRoutes(scope: FastifyInstance, options: { emulator: WxEmulator }): Promise<void> {
  const { emulator } = options

  scope.setErrorHandler((error: FastifyError | DevInputError, request, reply) => {
    if (!(error instanceof DevInputError) && (error.statusCode ?? 500) >= 500) {
      request.log.error({ err: error }, 'wx emulator dev route failed')
    }
    return sendDevError(error, reply)
  })

  scope.post('/__emulator/login-code', async (request) => {
    const body = parseDevBody(LoginCodeBody, request.body)
    if (body.sessionKey !== undefined && !isSessionKey(body.sessionKey)) {
      throw new DevInputError(400, 'invalid_request', 'body.sessionKey: must be base64 of exactly 16 bytes (24 characters ending in ==)')
    }
    return emulator.issueLoginCode(body)
  })

  // The official account's side of web OAuth without a browser: an OAuth code as the authorize page would give it.
  scope.post('/__emulator/oauth-code', async (request) => {
    const body = parseDevBody(OauthCodeBody, request.body)
    const user = emulator.oa.user({
      ...(body.openid === undefined ? {} : { openid: body.openid }),
      ...(body.unionid === undefined ? {} : { unionid: body.unionid }),
    })
    if (body.nickname !== undefined) user.nickname = body.nickname
    if (body.headimgurl !== undefined) user.headimgurl = body.headimgurl
    return { code: emulator.oa.issueCode(user.openid, body.scope ?? 'snsapi_base', body.expired === true), openid: user.openid }
  })

  scope.post('/__emulator/phone-code', async (request) => {
    const body = parseDevBody(PhoneCodeBody, request.body)
    if (body.openid !== undefined && emulator.users.get(body.openid) === undefined) throw unknownOpenid(body.openid)
    return emulator.issuePhoneCode(body)
  })

  scope.post('/__emulator/encrypt', async (request) => {
    const body = parseDevBody(EncryptBody, request.body)
    const encrypted = emulator.encryptFor(body.openid, body.data)
    if (encrypted === undefined) throw unknownOpenid(body.openid)
    return encrypted
  })

  scope.post('/__emulator/expire-session-key', async (request, reply) => {
    const body = parseDevBody(OpenidBody, request.body)
    if (!emulator.expireSessionKey(body.openid)) throw unknownOpenid(body.openid)
    return reply.code(204).send()
  })

  scope.post('/__emulator/revoke-access-tokens', async (_request, reply) => {
    emulator.tokens.revokeAll()
    return reply.code(204).send()
  })

  scope.get('/__emulator/stats', async () => emulator.snapshotStats())

  await scope.register(faultRoutes, { emulator })
}

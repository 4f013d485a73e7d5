import type { FastifyRequest } from 'fastify'
import type { WxEmulator } from '../WxEmulator'
import { wxErrorBody } from '../wxErrors'
import { accessTokenErrcode } from './accessTokenErrcode'
import type { WxBody } from './answerWx'
import { queryParam } from './wxRequest'

/**
 * `GET /wxa/resetusersessionkey?access_token&openid&signature&sig_method=hmac_sha256` (ResetUserSessionKey). The
 * signature proves the caller holds the current key (hmac_sha256 keyed with it over ""); the answer is
 * `{ errcode: 0, errmsg: 'ok', openid, session_key }` and the old key stops working at once. 87008 for any
 * sig_method but hmac_sha256.
 */
export function resetUserSessionKey(emulator: WxEmulator, request: FastifyRequest): WxBody {
  const tokenErrcode = accessTokenErrcode(emulator, request)
  if (tokenErrcode !== 0) return wxErrorBody(tokenErrcode, emulator.rid())
  if (queryParam(request, 'sig_method') !== 'hmac_sha256') return wxErrorBody(87008, emulator.rid())
  const openid = queryParam(request, 'openid')
  if (openid === undefined) return wxErrorBody(40003, emulator.rid())
  const result = emulator.resetSessionKey(openid, queryParam(request, 'signature') ?? '')
  if (typeof result === 'number') return wxErrorBody(result, emulator.rid())
  return { errcode: 0, errmsg: 'ok', openid: result.openid, session_key: result.sessionKey }
}

import type { FastifyRequest } from 'fastify'
import type { WxEmulator } from '../WxEmulator'
import { wxErrorBody } from '../wxErrors'
import { accessTokenErrcode } from './accessTokenErrcode'
import type { WxBody } from './answerWx'
import { queryParam } from './wxRequest'

/**
 * `GET /wxa/checksession?access_token&openid&signature&sig_method=hmac_sha256` (checkSessionKey). The signature
 * is hex hmac_sha256 keyed with the session_key string itself (not its decoded bytes) over the empty string.
 */
export function checkSessionKey(emulator: WxEmulator, request: FastifyRequest): WxBody {
  const tokenErrcode = accessTokenErrcode(emulator, request)
  if (tokenErrcode !== 0) return wxErrorBody(tokenErrcode, emulator.rid())
  // 87008 "invalid sig_method" is the errcode WeChat documents for this (with resetusersessionkey, same signing rules).
  if (queryParam(request, 'sig_method') !== 'hmac_sha256') return wxErrorBody(87008, emulator.rid())
  const openid = queryParam(request, 'openid')
  if (openid === undefined) return wxErrorBody(40003, emulator.rid())
  const errcode = emulator.checkSessionSignature(openid, queryParam(request, 'signature') ?? '')
  return errcode === 0 ? { errcode: 0, errmsg: 'ok' } : wxErrorBody(errcode, emulator.rid())
}

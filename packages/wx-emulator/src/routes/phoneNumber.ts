import type { FastifyRequest } from 'fastify'
import type { WxEmulator } from '../WxEmulator'
import { wxErrorBody } from '../wxErrors'
import { accessTokenErrcode } from './accessTokenErrcode'
import type { WxBody } from './answerWx'
import { jsonObjectBody } from './wxRequest'

/**
 * `POST /wxa/business/getuserphonenumber?access_token=…`, JSON body `{ code, openid? }` (phonenumber.getPhoneNumber).
 * Success is `{ errcode: 0, errmsg: 'ok', phone_info }`; a bad, used or expired code is 40029.
 */
export function phoneNumber(emulator: WxEmulator, request: FastifyRequest): WxBody {
  const tokenErrcode = accessTokenErrcode(emulator, request)
  if (tokenErrcode !== 0) return wxErrorBody(tokenErrcode, emulator.rid())
  const body = jsonObjectBody(request)
  const code: unknown = body?.code
  const openid: unknown = body?.openid
  if (typeof code !== 'string' || code === '') return wxErrorBody(47001, emulator.rid())
  if (openid !== undefined && typeof openid !== 'string') return wxErrorBody(47001, emulator.rid())

  const result = emulator.redeemPhoneCode(code, openid)
  if (!result.ok) return wxErrorBody(result.errcode, emulator.rid())
  return { errcode: 0, errmsg: 'ok', phone_info: result.info }
}

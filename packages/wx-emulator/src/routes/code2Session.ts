import type { FastifyRequest } from 'fastify'
import type { WxEmulator } from '../WxEmulator'
import { wxErrorBody } from '../wxErrors'
import type { WxBody } from './answerWx'
import { queryParam } from './wxRequest'

/**
 * `GET /sns/jscode2session` (auth.code2Session). Success is `{ openid, session_key, unionid? }` with no errcode at
 * all, as WeChat sends it. Checks run in WeChat's order: appid, secret, code, grant_type, then the code itself
 * (40029 unknown or older than five minutes, 40163 already exchanged). With a per-user limit set, a user's call past
 * it in one minute answers 45011 and leaves the code unused.
 */
export function code2Session(emulator: WxEmulator, request: FastifyRequest): WxBody {
  const appid = queryParam(request, 'appid')
  const secret = queryParam(request, 'secret')
  const code = queryParam(request, 'js_code')
  const fail = (errcode: number): WxBody => wxErrorBody(errcode, emulator.rid())

  if (appid === undefined) return fail(41002)
  if (appid !== emulator.appid) return fail(40013)
  if (secret === undefined) return fail(41004)
  if (!emulator.secretMatches(secret)) return fail(40125)
  if (code === undefined) return fail(41008)
  if (queryParam(request, 'grant_type') !== 'authorization_code') return fail(40002)

  // WeChat's per-user frequency limit answers before the code is looked at, so the code stays usable.
  const owner = emulator.peekLoginCode(code)
  if (owner !== undefined && !emulator.takeCode2SessionQuota(owner)) return fail(45011)
  const result = emulator.redeemLoginCode(code)
  if (!result.ok) return fail(result.reason === 'used' ? 40163 : 40029)
  const unionid = emulator.users.get(result.value.openid)?.unionid
  return {
    session_key: result.value.sessionKey,
    openid: result.value.openid,
    ...(unionid === undefined ? {} : { unionid }),
  }
}

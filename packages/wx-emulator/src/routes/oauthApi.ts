import type { FastifyRequest } from 'fastify'
import type { WxEmulator } from '../WxEmulator'
import { wxErrorBody } from '../wxErrors'
import type { WxBody } from './answerWx'
import { queryParam } from './wxRequest'

function fail(emulator: WxEmulator, errcode: number): WxBody {
  return wxErrorBody(errcode, emulator.rid())
}

/** Checks the official account's appid and secret in WeChat's order: 41002, 40013, 41004, 40125, or 0. */
function credentialsErrcode(emulator: WxEmulator, request: FastifyRequest, needSecret: boolean): number {
  const appid = queryParam(request, 'appid')
  if (appid === undefined) return 41002
  if (appid !== emulator.oa.appid) return 40013
  if (!needSecret) return 0
  const secret = queryParam(request, 'secret')
  if (secret === undefined) return 41004
  return emulator.oa.secretMatches(secret) ? 0 : 40125
}

/**
 * `GET /sns/oauth2/access_token?appid&secret&code&grant_type=authorization_code`: exchanges a web OAuth code
 * (40029 unknown or older than five minutes, 40163 already used, 41008 missing). The answer carries the unionid only
 * for `snsapi_userinfo`, as WeChat documents.
 */
export function oauthAccessToken(emulator: WxEmulator, request: FastifyRequest): WxBody {
  const credentials = credentialsErrcode(emulator, request, true)
  if (credentials !== 0) return fail(emulator, credentials)
  const code = queryParam(request, 'code')
  if (code === undefined) return fail(emulator, 41008)
  if (queryParam(request, 'grant_type') !== 'authorization_code') return fail(emulator, 40002)
  const result = emulator.oa.redeemCode(code)
  if (!result.ok) return fail(emulator, result.reason === 'used' ? 40163 : 40029)
  const answer = emulator.oa.mintTokens(result.value)
  const unionid = emulator.oa.users.get(result.value.openid)?.unionid
  return { ...answer, ...(result.value.scope === 'snsapi_userinfo' && unionid !== undefined ? { unionid } : {}) }
}

/**
 * `GET /sns/oauth2/refresh_token?appid&grant_type=refresh_token&refresh_token`: 41003 missing, 40030 unknown,
 * 42002 expired.
 */
export function oauthRefreshToken(emulator: WxEmulator, request: FastifyRequest): WxBody {
  const credentials = credentialsErrcode(emulator, request, false)
  if (credentials !== 0) return fail(emulator, credentials)
  if (queryParam(request, 'grant_type') !== 'refresh_token') return fail(emulator, 40002)
  const token = queryParam(request, 'refresh_token')
  if (token === undefined) return fail(emulator, 41003)
  const answer = emulator.oa.refresh(token)
  return typeof answer === 'number' ? fail(emulator, answer) : { ...answer }
}

/**
 * `GET /sns/userinfo?access_token&openid&lang`: the user's nickname and avatar, and the unionid when the official
 * account is bound to an open-platform account. Only a `snsapi_userinfo` token may call it (48001 otherwise).
 */
export function snsUserInfo(emulator: WxEmulator, request: FastifyRequest): WxBody {
  const token = queryParam(request, 'access_token')
  if (token === undefined) return fail(emulator, 41001)
  const openid = queryParam(request, 'openid')
  if (openid === undefined) return fail(emulator, 41009)
  const check = emulator.oa.checkAccessToken(token, openid)
  if (check.errcode !== 0) return fail(emulator, check.errcode)
  if (check.scope !== 'snsapi_userinfo') return fail(emulator, 48001)
  const user = emulator.oa.users.get(openid)
  if (user === undefined) return fail(emulator, 40003)
  return {
    openid,
    nickname: user.nickname,
    // Since October 2021 WeChat sends 0 and empty strings for gender and region.
    sex: 0,
    province: '',
    city: '',
    country: '',
    headimgurl: user.headimgurl,
    privilege: [],
    ...(user.unionid === undefined ? {} : { unionid: user.unionid }),
  }
}

/** `GET /sns/auth?access_token&openid`: `{ errcode: 0, errmsg: 'ok' }` for a live token of that user, 40003 otherwise. */
export function snsAuth(emulator: WxEmulator, request: FastifyRequest): WxBody {
  const token = queryParam(request, 'access_token')
  if (token === undefined) return fail(emulator, 41001)
  const openid = queryParam(request, 'openid')
  if (openid === undefined) return fail(emulator, 41009)
  const check = emulator.oa.checkAccessToken(token, openid)
  if (check.errcode === 0) return { errcode: 0, errmsg: 'ok' }
  return fail(emulator, check.errcode === 40001 ? 40003 : check.errcode)
}

import type { FastifyRequest } from 'fastify'
import type { WxEmulator } from '../WxEmulator'
import { wxErrorBody } from '../wxErrors'
import type { WxBody } from './answerWx'
import { clientCredentialsErrcode } from './clientCredentials'
import { queryParam } from './wxRequest'

/**
 * `GET /cgi-bin/token` (getAccessToken): `{ access_token, expires_in: 7200 }`. Every call mints a new token and
 * leaves the previous one only five more minutes, which is why servers must not call it from several places.
 */
export function accessToken(emulator: WxEmulator, request: FastifyRequest): WxBody {
  const errcode = clientCredentialsErrcode(
    emulator,
    queryParam(request, 'grant_type'),
    queryParam(request, 'appid'),
    queryParam(request, 'secret'),
  )
  if (errcode !== 0) return wxErrorBody(errcode, emulator.rid())
  emulator.stats.token.issued += 1
  return { ...emulator.tokens.issuePlain() }
}

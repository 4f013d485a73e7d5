import type { FastifyRequest } from 'fastify'
import type { WxEmulator } from '../WxEmulator'
import { wxErrorBody } from '../wxErrors'
import type { WxBody } from './answerWx'
import { clientCredentialsErrcode } from './clientCredentials'
import { jsonObjectBody } from './wxRequest'

/**
 * `POST /cgi-bin/stable_token` (getStableAccessToken), JSON body `{ grant_type, appid, secret, force_refresh? }`.
 * Answers `{ access_token, expires_in }` where `expires_in` is the token's remaining life (at most 7200).
 */
export function stableToken(emulator: WxEmulator, request: FastifyRequest): WxBody {
  const body = jsonObjectBody(request)
  if (body === undefined) return wxErrorBody(47001, emulator.rid())
  const force: unknown = body.force_refresh
  if (force !== undefined && typeof force !== 'boolean') return wxErrorBody(47001, emulator.rid())
  const errcode = clientCredentialsErrcode(emulator, body.grant_type, body.appid, body.secret)
  if (errcode !== 0) return wxErrorBody(errcode, emulator.rid())

  const result = emulator.tokens.issueStable(force === true)
  if (!result.ok) return wxErrorBody(result.errcode, emulator.rid())
  const counters = emulator.stats.stable_token
  if (result.minted) counters.issued += 1
  if (result.forced) counters.forceRefreshes += 1
  return { ...result.token }
}

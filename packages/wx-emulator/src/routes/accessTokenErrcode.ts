import type { FastifyRequest } from 'fastify'
import type { WxEmulator } from '../WxEmulator'
import { queryParam } from './wxRequest'

/**
 * Checks the `access_token` query parameter every business API takes: 41001 when missing, 40001 when unknown or
 * replaced, 42001 when older than 7200 s, 0 when usable.
 */
export function accessTokenErrcode(emulator: WxEmulator, request: FastifyRequest): number {
  const token = queryParam(request, 'access_token')
  if (token === undefined) return 41001
  return emulator.tokens.check(token)
}

import type { WxEmulator } from '../WxEmulator'

/**
 * Checks the `grant_type`, `appid` and `secret` both token APIs require, in WeChat's order, and returns the
 * errcode to answer (0 when they are fine).
 */
export function clientCredentialsErrcode(
  emulator: WxEmulator,
  grantType: unknown,
  appid: unknown,
  secret: unknown,
): number {
  if (grantType !== 'client_credential') return 40002
  if (appid === undefined || appid === '') return 41002
  if (appid !== emulator.appid) return 40013
  if (secret === undefined || secret === '') return 41004
  if (typeof secret !== 'string' || !emulator.secretMatches(secret)) return 40125
  return 0
}

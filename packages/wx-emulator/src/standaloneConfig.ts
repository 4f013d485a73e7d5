import { isLoopbackHost } from './isLoopbackHost'
import { DEV_APPID, DEV_SECRET } from './devCredentials'

/** What the standalone emulator listens on and answers for. */
export interface StandaloneConfig {
  port: number
  host: string
  appid: string
  secret: string
  logLevel: string
}

/**
 * Reads the standalone emulator's environment (`EMULATOR_PORT`, default 3100; `EMULATOR_HOST`, default
 * 127.0.0.1; `WX_APPID`/`WX_SECRET`, default the dev pair; `LOG_LEVEL`). Throws a `TypeError` naming the variable
 * for a port that is not one, for a host other machines could reach and under `NODE_ENV=production`: the
 * emulator hands out login codes and phone numbers to anyone who asks, so like the mounted one it only ever
 * listens on loopback and never in production.
 */
export function readStandaloneConfig(env: Record<string, string | undefined>): StandaloneConfig {
  const rawPort = env.EMULATOR_PORT ?? '3100'
  const port = Number(rawPort)
  if (!/^\d{1,5}$/.test(rawPort) || port > 65_535) throw new TypeError(`EMULATOR_PORT must be a port number, got "${rawPort}"`)
  const host = env.EMULATOR_HOST ?? '127.0.0.1'
  if (!isLoopbackHost(host)) {
    throw new TypeError(`EMULATOR_HOST must be a loopback address (127.0.0.1, ::1 or localhost), got "${host}": the emulator answers anyone`)
  }
  if (env.NODE_ENV === 'production') throw new TypeError('NODE_ENV is production: the WeChat emulator never runs there')
  return { port, host, appid: env.WX_APPID ?? DEV_APPID, secret: env.WX_SECRET ?? DEV_SECRET, logLevel: env.LOG_LEVEL ?? 'info' }
}

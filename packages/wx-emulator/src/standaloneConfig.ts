import { parseArgs } from 'node:util'
import { isLoopbackHost } from './isLoopbackHost'
import { DEV_APPID, DEV_OA_APPID, DEV_OA_SECRET, DEV_SECRET } from './devCredentials'

/** What the standalone emulator listens on and answers for. */
export interface StandaloneConfig {
  port: number
  host: string
  /** True when `--allow-remote` let the emulator bind an address other machines can reach. */
  remote: boolean
  appid: string
  secret: string
  oaAppid: string
  oaSecret: string
  /** code2Session calls one user may make per minute before WeChat's 45011; 0 turns the limit off. */
  code2SessionPerUserPerMinute: number
  logLevel: string
}

/** The emulator's command-line options, shared by `serve` and `conformance`. */
export const SERVE_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'allow-remote': { type: 'boolean' },
  appid: { type: 'string' },
  secret: { type: 'string' },
  'oa-appid': { type: 'string' },
  'oa-secret': { type: 'string' },
  'code2session-limit': { type: 'string' },
  'log-level': { type: 'string' },
} as const

function parsePort(raw: string, name: string): number {
  const port = Number(raw)
  if (!/^\d{1,5}$/.test(raw) || port > 65_535) throw new TypeError(`${name} must be a port number, got "${raw}"`)
  return port
}

/**
 * Reads the standalone emulator's settings from its flags (`--port`, `--host`, `--allow-remote`, `--appid`,
 * `--secret`, `--oa-appid`, `--oa-secret`, `--code2session-limit`, `--log-level`), falling back to the environment
 * (`EMULATOR_PORT`, default 3100; `EMULATOR_HOST`, default 127.0.0.1; `EMULATOR_ALLOW_REMOTE=1`; `WX_APPID`/`WX_SECRET`,
 * default the dev pair; `LOG_LEVEL`). Throws a `TypeError` naming the setting for a port that is not one, for a host
 * other machines could reach without `--allow-remote`, and always under `NODE_ENV=production`: the emulator hands out
 * login codes and phone numbers to anyone who asks, so it never runs there.
 */
export function readStandaloneConfig(env: Record<string, string | undefined>, argv: readonly string[] = []): StandaloneConfig {
  const { values } = parseArgs({ args: [...argv], options: SERVE_OPTIONS, allowPositionals: false, strict: true })
  if (env.NODE_ENV === 'production') throw new TypeError('NODE_ENV is production: the WeChat emulator never runs there')
  const port = values.port === undefined ? parsePort(env.EMULATOR_PORT ?? '3100', 'EMULATOR_PORT') : parsePort(values.port, '--port')
  const host = values.host ?? env.EMULATOR_HOST ?? '127.0.0.1'
  const remote = values['allow-remote'] === true || env.EMULATOR_ALLOW_REMOTE === '1'
  if (!isLoopbackHost(host) && !remote) {
    const name = values.host === undefined ? 'EMULATOR_HOST' : '--host'
    throw new TypeError(
      `${name} must be a loopback address (127.0.0.1, ::1 or localhost), got "${host}": the emulator answers anyone. ` +
        'Add --allow-remote to bind it anyway (for a backend in a container), on a network you trust',
    )
  }
  const rawLimit = values['code2session-limit'] ?? env.EMULATOR_CODE2SESSION_LIMIT ?? '100'
  if (!/^\d{1,6}$/.test(rawLimit)) throw new TypeError(`--code2session-limit must be a whole number of calls per minute, got "${rawLimit}"`)
  return {
    port,
    host,
    remote: !isLoopbackHost(host),
    appid: values.appid ?? env.WX_APPID ?? DEV_APPID,
    secret: values.secret ?? env.WX_SECRET ?? DEV_SECRET,
    oaAppid: values['oa-appid'] ?? env.WX_OA_APPID ?? DEV_OA_APPID,
    oaSecret: values['oa-secret'] ?? env.WX_OA_SECRET ?? DEV_OA_SECRET,
    code2SessionPerUserPerMinute: Number(rawLimit),
    logLevel: values['log-level'] ?? env.LOG_LEVEL ?? 'info',
  }
}

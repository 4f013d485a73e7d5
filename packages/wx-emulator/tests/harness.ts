import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildEmulator, DEV_APPID, DEV_SECRET } from '../src/index'
import type { Sleep } from '../src/index'
import { manualClock, type ManualClock } from '../../../tests/server/helpers/manualClock'

export { manualClock, type ManualClock }

/** A fresh emulator on a manual clock. */
export interface Harness {
  app: FastifyInstance
  clock: ManualClock
  /** `wx.login`: a code for a (new or given) user. */
  login: (body?: Record<string, unknown>) => Promise<{ code: string; openid: string }>
  /** `GET /sns/jscode2session` with the right appid and secret unless overridden. */
  code2Session: (code: string, overrides?: Record<string, string>) => Promise<LightMyRequestResponse>
  /** A usable access token from cgi-bin/token. */
  accessToken: () => Promise<string>
}

/** Builds a fresh emulator for one test; the caller closes `app`. */
export async function harness(options: { sleep?: Sleep; code2SessionPerUserPerMinute?: number } = {}): Promise<Harness> {
  const clock = manualClock()
  const app = await buildEmulator({ appid: DEV_APPID, secret: DEV_SECRET, now: clock.now, ...options })
  return {
    app,
    clock,
    async login(body = {}) {
      const response = await app.inject({ method: 'POST', url: '/__emulator/login-code', payload: body })
      if (response.statusCode !== 200) throw new Error(`login-code failed: ${response.body}`)
      return response.json<{ code: string; openid: string }>()
    },
    code2Session(code, overrides = {}) {
      const query = new URLSearchParams({
        appid: DEV_APPID,
        secret: DEV_SECRET,
        js_code: code,
        grant_type: 'authorization_code',
        ...overrides,
      })
      return app.inject({ method: 'GET', url: `/sns/jscode2session?${query.toString()}` })
    },
    async accessToken() {
      const query = new URLSearchParams({ grant_type: 'client_credential', appid: DEV_APPID, secret: DEV_SECRET })
      const response = await app.inject({ method: 'GET', url: `/cgi-bin/token?${query.toString()}` })
      return response.json<{ access_token: string }>().access_token
    },
  }
}

export { DEV_APPID, DEV_SECRET }

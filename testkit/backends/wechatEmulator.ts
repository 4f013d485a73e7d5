/**
 * The reference server's WeChat emulator on its own loopback port, for the test backends of other
 * projects: they call its `auth.code2Session` exactly as they call WeChat's, and clients get their
 * `wx.login` codes from it (testkit/nodePlatform.ts).
 */
import type { FastifyInstance } from 'fastify'
import { DEV_APPID, DEV_SECRET, buildEmulator, type WxEmulator } from '../../packages/wx-emulator/src/index'

/** A running emulator. */
export interface RunningEmulator {
  readonly url: string
  /** The emulator itself, where a test phone's `wx.login` takes its codes (tests/mp). */
  readonly wx: WxEmulator
  /** `auth.code2Session` as a backend calls it: `{ openid, session_key }` or WeChat's `{ errcode, errmsg }`. */
  code2Session(code: string): Promise<{ openid?: string; session_key?: string; errcode?: number; errmsg?: string }>
  /** How many times the emulator's jscode2session was called. */
  code2SessionCalls(): Promise<number>
  close(): Promise<void>
}

/** Starts the emulator for the dev appid on a free loopback port. */
export async function startWeChatEmulator(): Promise<RunningEmulator> {
  const app: FastifyInstance = await buildEmulator({ appid: DEV_APPID, secret: DEV_SECRET })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    url,
    wx: app.wxEmulator,
    async code2Session(code) {
      const query = new URLSearchParams({ appid: DEV_APPID, secret: DEV_SECRET, js_code: code, grant_type: 'authorization_code' })
      const res = await fetch(`${url}/sns/jscode2session?${query.toString()}`)
      return (await res.json()) as { openid?: string; session_key?: string; errcode?: number; errmsg?: string }
    },
    async code2SessionCalls() {
      const res = await fetch(`${url}/__emulator/stats`)
      const stats = (await res.json()) as { jscode2session?: { calls?: number } }
      return Number(stats.jscode2session?.calls ?? 0)
    },
    close: () => app.close(),
  }
}

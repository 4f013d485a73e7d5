import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuth, type BackendDescription } from 'wx-login-state'
import { defineBackend } from 'wx-login-state/backends'
import { createNodePlatform } from '../../../testkit/nodePlatform'
import type { TestBackend } from '../../../testkit/backends/backendKit'
import { startWeChatEmulator, type RunningEmulator } from '../../../testkit/backends/wechatEmulator'
import { startHeaderSessionBackend } from '../../../testkit/backends/headerSession'
import { describeBackendScenarios } from './presetScenarios'

/**
 * A description written by hand for a backend in none of the presets (testkit/backends/headerSession.ts):
 * login by GET with the code in the query, the session in response headers, a bare `token` header with
 * a fixed `X-App`, HTTP 419 for "expired", a rotating refresh token, and no users.
 */
const headerSessionBackend: BackendDescription = defineBackend({
  name: 'header-session',
  login: ({ code }) => ({ path: '/v2/session', method: 'GET', query: { js_code: code, app: 'shop' } }),
  loginFailure: ({ status, data }) => {
    if (status === 201) return undefined
    const reason = (data as { reason?: unknown } | null)?.reason
    return {
      reason: reason === 'WX_DOWN' ? 'wechat_unavailable' : 'backend_error',
      ...(typeof reason === 'string' ? { code: reason } : {}),
      retryWithFreshCode: reason === 'CODE_USED',
    }
  },
  session: {
    token: { header: 'X-Session-Token' },
    expiry: { at: { header: 'X-Session-Expires' }, unit: 's' },
    refreshToken: 'refresh',
  },
  user: 'none',
  sendToken: { header: 'token', scheme: '', headers: { 'X-App': 'shop' } },
  isSessionExpired: ({ status }) => status === 419,
  refresh: { call: (refresh) => ({ path: '/v2/session', method: 'PUT', body: { refresh } }) },
  logout: () => ({ path: '/v2/session', method: 'DELETE' }),
})

describeBackendScenarios({
  name: 'hand-written header-session',
  description: headerSessionBackend,
  start: (emulator, now) => startHeaderSessionBackend({ emulator, now }),
  businessPath: '/v2/cart',
  isSuccess: (status) => status === 200,
  lifetimeMs: 3600 * 1000,
  refresh: true,
  malformed: { body: { ok: true, refresh: 'r' }, message: 'login answer: header x-session-token is missing' },
  expectUser: (user) => expect(user).toBeNull(),
})

describe('a rotating refresh token', () => {
  let emulator: RunningEmulator
  let backend: TestBackend
  beforeAll(async () => {
    emulator = await startWeChatEmulator()
    backend = await startHeaderSessionBackend({ emulator })
  })
  afterAll(async () => {
    await backend.close()
    await emulator.close()
  })

  it('keeps the newest refresh token, so a second repair refreshes again instead of logging in', async () => {
    const platform = createNodePlatform({ emulatorURL: emulator.url })
    const auth = createAuth({ platform, baseURL: backend.url, backend: headerSessionBackend })
    expect(await auth.session.login()).toBeNull()
    const first = (platform.storage.get('wx-login-state:session') as { refreshToken: string }).refreshToken
    for (let i = 0; i < 2; i++) {
      backend.forget()
      await auth.http.request({ url: '/v2/cart' })
    }
    const stored = platform.storage.get('wx-login-state:session') as { refreshToken: string; backend: string; user: null }
    expect(stored.refreshToken).not.toBe(first)
    expect(stored).toMatchObject({ backend: 'header-session', user: null })
    expect(backend.counts).toMatchObject({ logins: 1, refreshCalls: 2, refreshes: 2 })
    expect(platform.counts.login).toBe(1)
  })
})

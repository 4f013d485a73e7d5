import type { BackendDescription } from 'wx-login-state'
import { litemallBackend, yudaoMemberBackend } from 'wx-login-state/backends'
import type { TestBackend } from '../../testkit/backends/backendKit'
import { startLitemallBackend } from '../../testkit/backends/litemall'
import { startWeChatEmulator, type RunningEmulator } from '../../testkit/backends/wechatEmulator'
import { startYudaoMemberBackend } from '../../testkit/backends/yudaoMember'
import type { CallKind } from '../../testkit/countingPlatform'
import { createNodePlatform } from '../../testkit/nodePlatform'
import type { RoundTripBackend } from './roundTripBackend'

/** Beyond both presets' token lifetimes (yudao 30 min, litemall 2 h), within yudao's refresh token's 30 days. */
const PAST_EXPIRY_MS = 3 * 3_600_000

interface ForeignPreset {
  name: string
  backend: BackendDescription
  path: string
  start(emulator: RunningEmulator, now: () => number): Promise<TestBackend>
  login: RegExp
  refresh?: RegExp
  repairsBy: 'login' | 'refresh'
}

const PRESETS = {
  yudao: {
    name: 'yudao member app preset (refresh) + its test backend',
    backend: yudaoMemberBackend,
    path: '/app-api/member/user/get',
    start: (emulator, now) => startYudaoMemberBackend({ emulator, now }),
    login: /^\/app-api\/member\/auth\/(social-login|weixin-mini-app-login)$/,
    refresh: /^\/app-api\/member\/auth\/refresh-token$/,
    repairsBy: 'refresh',
  },
  litemall: {
    name: 'litemall preset (no refresh) + its test backend',
    backend: litemallBackend,
    path: '/wx/user/index',
    start: (emulator, now) => startLitemallBackend({ emulator, now }),
    login: /^\/wx\/auth\/login_by_weixin$/,
    repairsBy: 'login',
  },
} satisfies Record<string, ForeignPreset>

/**
 * A preset's test backend (testkit/backends) with the WeChat emulator on its own port, and one Node
 * platform per device on a shifted clock shared with the backend, so "time passes" expires the token
 * on both sides. "The server forgets" drops every access token (yudao keeps its refresh tokens;
 * litemall's stateless JWTs die by a key rotation).
 */
export async function foreignRoundTripBackend(which: keyof typeof PRESETS): Promise<RoundTripBackend> {
  const preset: ForeignPreset = PRESETS[which]
  const clock = { shiftMs: 0 }
  const now = () => Date.now() + clock.shiftMs
  const emulator = await startWeChatEmulator()
  const backend = await preset.start(emulator, now)
  const classify = (url: string): CallKind => {
    const pathname = url.replace(/^[a-z][a-z\d+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '')
    if (preset.login.test(pathname)) return 'login'
    if (preset.refresh?.test(pathname) === true) return 'refresh'
    return pathname === preset.path ? 'business' : 'other'
  }
  return {
    name: preset.name,
    baseURL: backend.url,
    target: { backend: preset.backend, path: preset.path },
    classify,
    repairsBy: preset.repairsBy,
    newDevice() {
      const platform = createNodePlatform({ emulatorURL: emulator.url })
      platform.now = now
      return {
        platform,
        passTime: async () => {
          clock.shiftMs += PAST_EXPIRY_MS
        },
        dropServerSessions: async () => backend.forget(),
      }
    },
    async close() {
      await backend.close()
      await emulator.close()
    },
  }
}

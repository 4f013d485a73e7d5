import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../../../server/app'
import { loadConfig } from '../../../../server/config'
import { BROKEN_RULES, startBrokenBackend } from '../../../../testkit/brokenBackend'
import type { BrokenBackend } from '../../../../testkit/brokenBackend'
import { requireRedisOrSkip, startRedis } from '../../../../testkit/redisServer'
import type { RedisServer } from '../../../../testkit/redisServer'
import { DEV_APPID, DEV_SECRET, startEmulator } from '../../src/index'
import type { StartedEmulator } from '../../src/index'
import { RULES, formatReport, referenceTarget, runConformance, targetFromDescription } from '../../src/conformance/index'
import { litemallBackend, ruoyiVuePlusBackend, yudaoMemberBackend } from '../../../wx-login-state/src/backend/presets/index'
import { startLitemallBackend } from '../../../../testkit/backends/litemall'
import { startRuoYiVuePlusBackend } from '../../../../testkit/backends/ruoyiVuePlus'
import { startWeChatEmulator } from '../../../../testkit/backends/wechatEmulator'
import { startYudaoMemberBackend } from '../../../../testkit/backends/yudaoMember'

/** The reference server, calling WeChat at `wxApiBase` (no emulator of its own), on a free loopback port. */
async function startReference(wxApiBase: string, redisUrl?: string, env: Record<string, string> = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const uploadDir = mkdtempSync(join(tmpdir(), 'wxls-conformance-'))
  const config = {
    ...loadConfig({ NODE_ENV: 'test', WX_API_BASE: wxApiBase, ...(redisUrl === undefined ? {} : { REDIS_URL: redisUrl }), ...env }),
    logLevel: 'silent' as const,
    loginRateLimit: 1_000_000,
    uploadDir,
  }
  const app = await buildApp(config)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no address')
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close()
      rmSync(uploadDir, { recursive: true, force: true })
    },
  }
}

let emulator: StartedEmulator
beforeAll(async () => {
  emulator = await startEmulator({ appid: DEV_APPID, secret: DEV_SECRET, code2SessionPerUserPerMinute: 100 })
})
afterAll(async () => {
  await emulator.close()
})

describe('the conformance runner against the reference server', () => {
  it('passes every rule on the memory store', async () => {
    const server = await startReference(emulator.url)
    try {
      const report = await runConformance({ baseUrl: server.url, emulatorUrl: emulator.url })
      expect(report.results.filter((r) => r.status === 'fail'), formatReport(report)).toEqual([])
      // Only expiry by time is skipped: this server keeps its sessions for days.
      expect(report.results.filter((r) => r.status === 'skip').map((r) => r.name)).toEqual(['token-expires-by-time'])
      expect(report.results.map((r) => r.name)).toEqual(RULES.map((r) => r.name))
      expect(report.passed).toBe(true)
    } finally {
      await server.close()
    }
  })

  it('checks that tokens die by time when the server runs with a short lifetime, and catches one that does not', async () => {
    const server = await startReference(emulator.url, undefined, { SESSION_IDLE_TTL: '1' })
    try {
      const report = await runConformance({ baseUrl: server.url, emulatorUrl: emulator.url, sessionTtlMs: 1000, only: ['token-expires-by-time'] })
      expect(report.results.map((r) => r.status), formatReport(report)).toEqual(['pass'])
      // Told a lifetime the server does not have (its default is a week), the rule fails with its evidence.
      const lax = await startReference(emulator.url)
      try {
        const wrong = await runConformance({ baseUrl: lax.url, emulatorUrl: emulator.url, sessionTtlMs: 500, only: ['token-expires-by-time'] })
        expect(wrong.results[0]).toMatchObject({ status: 'fail', expected: expect.stringContaining('past its 500 ms lifetime') })
      } finally {
        await lax.close()
      }
    } finally {
      await server.close()
    }
  })

  describe.runIf(requireRedisOrSkip('conformance on Redis'))('on Redis', () => {
    let redis: RedisServer
    beforeAll(async () => {
      redis = await startRedis()
    })
    afterAll(async () => {
      await redis.stop()
    })

    it('passes every rule', async () => {
      const server = await startReference(emulator.url, redis.url)
      try {
        const report = await runConformance({ baseUrl: server.url, emulatorUrl: emulator.url })
        expect(report.results.filter((r) => r.status === 'fail'), formatReport(report)).toEqual([])
      } finally {
        await server.close()
      }
    })
  })
})

describe('the conformance runner against a broken backend', () => {
  let broken: BrokenBackend
  beforeAll(async () => {
    broken = await startBrokenBackend({ wxApiBase: emulator.url, appid: DEV_APPID, secret: DEV_SECRET })
  })
  afterAll(async () => {
    await broken.close()
  })

  it('fails exactly the four rules it breaks, each with its evidence', async () => {
    const { bindPhone: _none, ...withoutPhone } = referenceTarget
    const report = await runConformance({ baseUrl: broken.url, emulatorUrl: emulator.url, target: { ...withoutPhone, name: 'reference, no phone' } })
    const failed = report.results.filter((r) => r.status === 'fail').map((r) => r.name)
    expect(failed.sort(), formatReport(report)).toEqual(Object.values(BROKEN_RULES).sort())
    expect(report.passed).toBe(false)
    const leak = report.results.find((r) => r.name === BROKEN_RULES.leaksSessionKey)
    expect(leak?.exchanges?.[0]?.answer.text).toContain('session_key')
    expect(formatReport(report)).toMatch(/✖ \d+ code-reuse-refused[\s\S]*request: {2}POST \/api\/auth\/login/)
    expect(report.results.find((r) => r.name === 'phone-binding')?.status).toBe('skip')
  })
})

describe('the conformance runner under a foreign preset (the backend description of wx-login-state/backends)', () => {
  it('passes every rule that applies against the RuoYi-Vue-Plus test backend', async () => {
    const wechat = await startWeChatEmulator()
    const backend = await startRuoYiVuePlusBackend({ emulator: wechat })
    try {
      const report = await runConformance({ baseUrl: backend.url, emulatorUrl: wechat.url, target: targetFromDescription(ruoyiVuePlusBackend) })
      expect(report.results.filter((r) => r.status === 'fail'), formatReport(report)).toEqual([])
      expect(report.results.filter((r) => r.status === 'skip').map((r) => r.name)).toEqual(['token-expires-by-time', 'phone-binding'])
      expect(report.target).toBe('ruoyi-vue-plus')
    } finally {
      await backend.close()
      await wechat.close()
    }
  })

  it('passes every rule that applies against the yudao member-app test backend', async () => {
    const wechat = await startWeChatEmulator()
    const backend = await startYudaoMemberBackend({ emulator: wechat })
    try {
      const report = await runConformance({ baseUrl: backend.url, emulatorUrl: wechat.url, target: targetFromDescription(yudaoMemberBackend, { authenticatedCall: { path: '/app-api/member/user/get', method: 'GET' } }) })
      expect(report.results.filter((r) => r.status === 'fail'), formatReport(report)).toEqual([])
    } finally {
      await backend.close()
      await wechat.close()
    }
  })

  it("finds that litemall's stateless JWT survives logout, and nothing else", async () => {
    const wechat = await startWeChatEmulator()
    const backend = await startLitemallBackend({ emulator: wechat })
    try {
      const target = targetFromDescription(litemallBackend, { authenticatedCall: { path: '/wx/user/index', method: 'GET' } })
      const report = await runConformance({ baseUrl: backend.url, emulatorUrl: wechat.url, target })
      expect(report.results.filter((r) => r.status === 'fail').map((r) => r.name), formatReport(report)).toEqual(['revoked-token-expired'])
    } finally {
      await backend.close()
      await wechat.close()
    }
  })

  it('refuses a description without a call that needs a session, naming the option', () => {
    expect(() => targetFromDescription(litemallBackend)).toThrow(/"litemall" description fetches no user, so give authenticatedCall/)
  })
})

describe('the conformance runner without a backend', () => {
  it('fails every rule (nothing listens), and says so', async () => {
    const report = await runConformance({ baseUrl: 'http://127.0.0.1:9', emulatorUrl: emulator.url, only: ['fresh-code-login', 'malformed-token-expired'] })
    expect(report.results.map((r) => r.status)).toEqual(['fail', 'fail'])
    expect(formatReport(report)).toContain('no answer')
  })
})

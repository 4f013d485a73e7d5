import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../../../server/app'
import { loadConfig } from '../../../../server/config'
import { startBrokenBackend } from '../../../../testkit/brokenBackend'
import { freePort } from '../../../../testkit/redisServer'
import { DEV_APPID, DEV_SECRET, startEmulator } from '../../src/index'
import { conformanceCli } from '../../src/conformance/conformanceCli'

function collector(): { print: (text: string) => void; text: () => string } {
  const lines: string[] = []
  return { print: (text) => lines.push(text), text: () => lines.join('\n') }
}

describe('wx-login-state-emulator conformance', () => {
  it('starts the emulator where the backend expects it, names the setting, and exits 0 when every rule passes', async () => {
    const port = await freePort()
    const uploadDir = mkdtempSync(join(tmpdir(), 'wxls-cli-'))
    const app = await buildApp({
      ...loadConfig({ NODE_ENV: 'test', WX_API_BASE: `http://127.0.0.1:${port}` }),
      logLevel: 'silent',
      loginRateLimit: 1_000_000,
      uploadDir,
    })
    const url = await app.listen({ host: '127.0.0.1', port: 0 })
    const out = collector()
    try {
      const status = await conformanceCli(['--base-url', url, '--port', String(port)], out.print)
      expect(status, out.text()).toBe(0)
      expect(out.text()).toContain(`call WeChat at http://127.0.0.1:${port} instead of https://api.weixin.qq.com`)
      expect(out.text()).toMatch(/ 1 fresh-code-login +pass/)
      expect(out.text()).toContain('17 passed, 0 failed, 1 skipped')
    } finally {
      await app.close()
      rmSync(uploadDir, { recursive: true, force: true })
    }
  })

  it('exits 1 with the failures named against a broken backend, and reads a description module', async () => {
    const emulator = await startEmulator({ appid: DEV_APPID, secret: DEV_SECRET })
    const broken = await startBrokenBackend({ wxApiBase: emulator.url, appid: DEV_APPID, secret: DEV_SECRET })
    const dir = mkdtempSync(join(tmpdir(), 'wxls-cli-'))
    // A hand-written description of the broken backend, as a user would write one for their own.
    writeFileSync(
      join(dir, 'backend.mjs'),
      `export default {
  name: 'handwritten',
  login: ({ code }) => ({ path: '/api/auth/login', method: 'POST', body: { code } }),
  loginFailure: (a) => (a.status >= 200 && a.status < 300 ? undefined : { reason: 'backend_error', code: a.data?.error }),
  session: { token: 'token' },
  user: { fetch: { path: '/api/me', method: 'GET' } },
  sendToken: { header: 'Authorization', scheme: 'Bearer' },
  isSessionExpired: (a) => a.status === 401,
  logout: () => ({ path: '/api/auth/logout', method: 'POST' }),
}\n`,
    )
    const out = collector()
    try {
      const status = await conformanceCli(['--base-url', broken.url, '--emulator-url', emulator.url, '--backend', join(dir, 'backend.mjs')], out.print)
      expect(status, out.text()).toBe(1)
      expect(out.text()).toContain('as the "handwritten" backend')
      for (const name of ['code-reuse-refused', 'no-session-key-or-secret', 'malformed-token-expired', 'revoked-token-expired']) {
        expect(out.text()).toMatch(new RegExp(`\\d ${name} +FAIL`))
      }
      expect(out.text()).toContain('12 passed, 4 failed, 2 skipped')
    } finally {
      await broken.close()
      await emulator.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('exits 2 on bad usage, naming what is wrong', async () => {
    const out = collector()
    expect(await conformanceCli([], out.print)).toBe(2)
    expect(out.text()).toContain('--base-url must be the backend')
    expect(await conformanceCli(['--base-url', 'http://127.0.0.1:1', '--preset', 'nope'], out.print)).toBe(2)
    expect(out.text()).toContain('--preset must be one of reference, ruoyi-vue-plus, yudao-member, litemall')
    expect(await conformanceCli(['--base-url', 'http://127.0.0.1:1', '--auth-call', 'fetch me'], out.print)).toBe(2)
    expect(out.text()).toContain('--auth-call must be "<METHOD> /path"')
    expect(await conformanceCli(['--bogus'], out.print)).toBe(2)
  })
})

/**
 * The emulator as a backend team gets it: the tarball of `npm run pack:emulator` (artifacts/emulator/) installed in
 * an empty folder, and the commands of its README run there: the emulator on a port, a login through its control
 * endpoint and code2Session, an injected fault, and the conformance runner against the reference server (which calls
 * the emulator the runner starts). Run with `npm run test:package` (it packs first); CI runs it.
 */
import { execFile, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import { freePort } from '../../testkit/redisServer'
import { startRuoYiVuePlusBackend } from '../../testkit/backends/ruoyiVuePlus'
import { startWeChatEmulator } from '../../testkit/backends/wechatEmulator'

const ROOT = path.resolve(import.meta.dirname, '../..')
const ARTIFACTS = path.join(ROOT, 'artifacts/emulator')
const LIB = path.join(ROOT, 'artifacts/lib')
const run = promisify(execFile)
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const APPID = 'wxdemo0000000000'
const SECRET = 'dev-secret-not-for-production-00'

function tarball(dir: string, script: string): string {
  const found = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tgz')) : []
  if (found.length !== 1) throw new Error(`${path.relative(ROOT, dir)} should hold exactly one tarball, found ${found.length}: run npm run ${script}`)
  return path.join(dir, found[0] ?? '')
}

let dir: string
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'wx-emulator-user-'))
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'my-backend-checks', private: true, type: 'module' }))
  await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball(ARTIFACTS, 'pack:emulator')], { cwd: dir, timeout: 300_000 })
}, 400_000)

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('the emulator tarball in an empty folder', () => {
  it('serves with `npx wx-login-state-emulator --port …`: a login code, code2Session and an injected fault, as the README shows', async () => {
    const port = await freePort()
    // The bin npx runs, started directly so that the signal reaches the emulator itself.
    const bin = path.join(dir, 'node_modules/.bin/wx-login-state-emulator')
    const child: ChildProcess = spawn(bin, ['--port', String(port), '--log-level', 'warn'], { cwd: dir, stdio: 'ignore' })
    const base = `http://127.0.0.1:${port}`
    try {
      await vi.waitFor(async () => expect((await fetch(`${base}/__emulator/stats`)).status).toBe(200), { timeout: 30_000, interval: 200 })
      const { code } = (await (await fetch(`${base}/__emulator/login-code`, { method: 'POST' })).json()) as { code: string }
      const exchange = (c: string) => fetch(`${base}/sns/jscode2session?appid=${APPID}&secret=${SECRET}&js_code=${c}&grant_type=authorization_code`).then((r) => r.json())
      expect(await exchange(code)).toMatchObject({ session_key: expect.any(String), openid: expect.any(String) })
      await fetch(`${base}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api: 'jscode2session', errcode: -1 }) })
      expect(await exchange('x')).toMatchObject({ errcode: -1, errmsg: expect.stringMatching(/^system error, rid: /) })
    } finally {
      child.kill('SIGTERM')
    }
  })

  it('refuses NODE_ENV=production and a non-loopback host without --allow-remote', async () => {
    await expect(run(npx, ['wx-login-state-emulator'], { cwd: dir, env: { ...process.env, NODE_ENV: 'production' } })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('never runs there'),
    })
    await expect(run(npx, ['wx-login-state-emulator', '--host', '0.0.0.0'], { cwd: dir })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--allow-remote') })
  })

  it('runs `npx wx-login-state-emulator conformance --base-url …` against the reference server: all rules pass, exit 0', async () => {
    const port = await freePort()
    const uploadDir = mkdtempSync(path.join(tmpdir(), 'wx-emulator-user-uploads-'))
    const app = await buildApp({ ...loadConfig({ NODE_ENV: 'test', WX_API_BASE: `http://127.0.0.1:${port}` }), logLevel: 'silent', loginRateLimit: 1_000_000, uploadDir })
    try {
      const url = await app.listen({ host: '127.0.0.1', port: 0 })
      const { stdout } = await run(npx, ['wx-login-state-emulator', 'conformance', '--base-url', url, '--port', String(port)], { cwd: dir, timeout: 120_000 })
      expect(stdout).toContain(`call WeChat at http://127.0.0.1:${port}`)
      expect(stdout).toContain('17 passed, 0 failed, 1 skipped')
    } finally {
      await app.close()
      rmSync(uploadDir, { recursive: true, force: true })
    }
  })

  it('checks a RuoYi-Vue-Plus backend under the library\'s preset, with wx-login-state installed beside it', async () => {
    await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball(LIB, 'pack:lib')], { cwd: dir, timeout: 300_000 })
    const wechat = await startWeChatEmulator()
    const backend = await startRuoYiVuePlusBackend({ emulator: wechat })
    try {
      const { stdout } = await run(npx, ['wx-login-state-emulator', 'conformance', '--preset', 'ruoyi-vue-plus', '--base-url', backend.url, '--emulator-url', wechat.url], {
        cwd: dir,
        timeout: 120_000,
      })
      expect(stdout).toContain('as the "ruoyi-vue-plus" backend')
      expect(stdout).toContain('16 passed, 0 failed, 2 skipped')
    } finally {
      await backend.close()
      await wechat.close()
    }
  })

  it('gives the library call and its types from the package entries', async () => {
    writeFileSync(
      path.join(dir, 'check.mjs'),
      "const c = await import('wx-login-state-emulator/conformance'); const e = await import('wx-login-state-emulator');\n" +
        "console.log(typeof c.runConformance, typeof c.targetFromDescription, c.RULES.length, typeof e.startEmulator, typeof e.emulatorPlugin)\n",
    )
    const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: dir })
    expect(stdout.trim()).toBe('function function 18 function function')
    expect(existsSync(path.join(dir, 'node_modules/wx-login-state-emulator/dist/conformance/index.d.ts'))).toBe(true)
  })
})

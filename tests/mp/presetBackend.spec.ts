import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startWeChatEmulator, type RunningEmulator } from '../../testkit/backends/wechatEmulator'
import { startYudaoMemberBackend } from '../../testkit/backends/yudaoMember'
import type { TestBackend } from '../../testkit/backends/backendKit'
import { freePort } from '../e2e/helpers/freePort'
import { buildMiniProgram } from './helpers/buildMiniProgram'
import { launchMiniProgram, type LaunchedMiniProgram } from './helpers/launchMiniProgram'
import { createDriver, type MiniProgramDriver } from './helpers/miniProgramDriver'
import { SESSION_KEY } from './helpers/mpSuite'
import { stageBuild } from './helpers/stageBuild'
import { createPhone, type Phone } from './helpers/wx/phone'

/**
 * The compiled mini-program suite on a backend that is not the reference contract: a small fixture app
 * (tests/mp/fixtures/preset-app, the demo keeps the reference contract) configured with
 * `createAuth({ backend: yudaoMemberBackend })` from the package's entries, built for mp-weixin once for
 * this file, against the yudao member-app test backend (testkit/backends/yudaoMember.ts), which redeems
 * the phone's `wx.login` codes at the WeChat emulator. Counts are read on the backend's side.
 */

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const fixtureDir = path.join(rootDir, 'tests', 'mp', 'fixtures', 'preset-app')
const outDir = path.join(rootDir, 'dist', 'mp-test-preset')

let emulator: RunningEmulator | undefined
let backend: (TestBackend & { expireRefreshTokens(): void }) | undefined
let staged: ReturnType<typeof stageBuild> | undefined
const phones: Phone[] = []
let current: { mp: LaunchedMiniProgram; ui: MiniProgramDriver } | undefined

beforeAll(async () => {
  const port = await freePort()
  // One extra mp-weixin build of a one-page app (about 20 s), only when this file runs.
  await buildMiniProgram({ rootDir, inputDir: fixtureDir, outDir, apiBaseURL: `http://127.0.0.1:${port}` })
  staged = stageBuild(outDir)
  emulator = await startWeChatEmulator()
  backend = await startYudaoMemberBackend({ emulator, port })
  // The build's own bound (buildMiniProgram, 180 s) fails first with the compiler's output.
}, 240_000)

afterEach(() => {
  if (!current) return
  const { mp } = current
  mp.close()
  current = undefined
  expect(mp.wx.unimplemented, 'wx APIs the app called that the test wx does not implement').toEqual([])
  expect(mp.wx.problems, 'WeChat rules the app broke').toEqual([])
  const origin = yudao().url
  expect(
    mp.wx.targets.filter((t) => !t.url.startsWith(origin + '/')).map((t) => `${t.kind} ${t.url}`),
    'requests to hosts other than the backend',
  ).toEqual([])
})

afterAll(async () => {
  current?.mp.close()
  await backend?.close()
  await emulator?.close()
  staged?.remove()
  for (const phone of phones) phone.dispose()
})

function yudao(): TestBackend & { expireRefreshTokens(): void } {
  if (!backend) throw new Error('[mp] the yudao test backend has not started')
  return backend
}

function launch(phone: Phone): { mp: LaunchedMiniProgram; ui: MiniProgramDriver } {
  current?.mp.close()
  if (!staged || !emulator) throw new Error('[mp] the fixture build has not been staged')
  const mp = launchMiniProgram({ appDir: staged.appDir, phone, emulator: emulator.wx })
  current = { mp, ui: createDriver(mp, phone, emulator.wx) }
  return current
}

function newPhone(): Phone {
  const phone = createPhone()
  phones.push(phone)
  return phone
}

/** The text of the element matching `selector`, or '' when it is not shown. */
function textOf(ui: MiniProgramDriver, selector: string): string {
  return ui.has(selector) ? (ui.find(selector).dom.textContent ?? '').trim() : ''
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    let ok = false
    try {
      ok = check()
    } catch {
      ok = false
    }
    if (ok) return
    if (Date.now() > until) throw new Error(`[mp] timed out waiting for: ${what}\nscreen: ${current?.ui.text() ?? '(nothing)'}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** The headers of every `wx.request` the app made to the member endpoint. */
function memberRequests(mp: LaunchedMiniProgram): Record<string, string>[] {
  return mp.wx.calls
    .filter((c) => c.api === 'request' && String((c.args as { url?: unknown }).url).includes('/app-api/member/user/get'))
    .map((c) => (c.args as { header?: Record<string, string> }).header ?? {})
}

function storedToken(phone: Phone): string | undefined {
  const raw = phone.storage.get(SESSION_KEY)
  return raw === undefined ? undefined : /"token":"([^"]+)"/.exec(raw)?.[1]
}

function wxLogins(mp: LaunchedMiniProgram): number {
  return mp.wx.calls.filter((c) => c.api === 'login').length
}

/** Taps 同时请求 20 次 and waits for the page to report how many of the twenty succeeded. */
async function burst(ui: MiniProgramDriver): Promise<string> {
  ui.tap('#burst-btn')
  await waitFor('the burst', () => textOf(ui, '#burst-result') !== '' || ui.has('#error'))
  expect(textOf(ui, '#error')).toBe('')
  return textOf(ui, '#burst-result')
}

/** A phone logged in by a tap on 微信登录, and its running launch. */
async function loggedIn(): Promise<{ phone: Phone; mp: LaunchedMiniProgram; ui: MiniProgramDriver }> {
  const phone = newPhone()
  const { mp, ui } = launch(phone)
  await waitFor('the anonymous page', () => textOf(ui, '#status') === 'anonymous')
  ui.tap('#login-btn')
  await waitFor('logged in', () => textOf(ui, '#status') === 'authenticated')
  return { phone, mp, ui }
}

describe('the compiled mini program on the yudao member-app preset (refresh tokens, body code 401)', () => {
  it('logs in by tap, sends the token where yudao reads it, repairs a forgotten session with 1 refresh for a burst of 20, and logs out', async () => {
    const counts = yudao().counts
    const before = { ...counts, code2Session: await emulator!.code2SessionCalls() }
    const { phone, mp, ui } = await loggedIn()
    expect(wxLogins(mp)).toBe(1)
    expect(counts.loginCalls - before.loginCalls).toBe(1)
    expect(counts.logins - before.logins).toBe(1)
    expect((await emulator!.code2SessionCalls()) - before.code2Session).toBe(1)
    const token = storedToken(phone)
    expect(token).toBeDefined()
    expect(yudao().liveTokens()).toContain(token)

    // A protected request: the interceptor puts the token in `Authorization: Bearer` with yudao's `tenant-id`.
    ui.tap('#member-btn')
    await waitFor('the member', () => textOf(ui, '#member').startsWith('用户'))
    expect(memberRequests(mp).at(-1)).toMatchObject({ Authorization: `Bearer ${token}`, 'tenant-id': '1' })
    expect(counts.authorized - before.authorized).toBe(1)
    expect(counts.refused - before.refused).toBe(0)

    // The backend forgets every access token (refresh tokens survive): the burst is repaired with one refresh.
    yudao().forget()
    const mid = { ...counts }
    expect(await burst(ui)).toBe('20/20')
    expect(counts.refreshCalls - mid.refreshCalls).toBe(1)
    expect(counts.refreshes - mid.refreshes).toBe(1)
    expect(counts.loginCalls - mid.loginCalls).toBe(0)
    expect(wxLogins(mp)).toBe(1)
    expect(counts.authorized - mid.authorized).toBe(20)
    expect(counts.refused - mid.refused).toBeLessThanOrEqual(20)
    const refreshed = storedToken(phone)
    expect(refreshed).not.toBe(token)
    expect(yudao().liveTokens()).toEqual([refreshed])
    expect(memberRequests(mp).at(-1)).toMatchObject({ Authorization: `Bearer ${refreshed}`, 'tenant-id': '1' })

    // Logout: yudao's logout call with the token, the session gone on both sides.
    ui.tap('#logout-btn')
    await waitFor('logged out', () => textOf(ui, '#status') === 'anonymous')
    expect(counts.logouts - before.logouts).toBe(1)
    expect(yudao().liveTokens()).toEqual([])
    expect(phone.storage.has(SESSION_KEY)).toBe(false)
  })

  it('restores the preset’s session on relaunch, and falls back to 1 wx.login when the refresh token is gone too', async () => {
    const { phone } = await loggedIn()
    const token = storedToken(phone)
    const counts = yudao().counts

    const { mp, ui } = launch(phone)
    await waitFor('restored', () => textOf(ui, '#status') === 'authenticated')
    expect(wxLogins(mp)).toBe(0)
    expect(storedToken(phone)).toBe(token)

    yudao().forget({ refreshTokens: true })
    const before = { ...counts, code2Session: await emulator!.code2SessionCalls() }
    expect(await burst(ui)).toBe('20/20')
    // The refresh is answered 400 无效的刷新令牌; then one wx.login and one login repair the session.
    expect(counts.refreshCalls - before.refreshCalls).toBe(1)
    expect(counts.refreshes - before.refreshes).toBe(0)
    expect(wxLogins(mp)).toBe(1)
    expect(counts.loginCalls - before.loginCalls).toBe(1)
    expect(counts.logins - before.logins).toBe(1)
    expect((await emulator!.code2SessionCalls()) - before.code2Session).toBe(1)
    expect(counts.authorized - before.authorized).toBe(20)
    expect(yudao().liveTokens()).toEqual([storedToken(phone)])
  })
})

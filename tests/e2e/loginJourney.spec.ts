import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ROUTES, burstProtectedRequests, currentRoute, hasFlag, openFresh, waitForRoute, waitForStatus } from './helpers/appPage'
import { e2eEnv } from './helpers/e2eEnv'
import { useE2eSuite } from './helpers/e2eSuite'
import sharp from 'sharp'
import { makePng } from './helpers/png'
import { readStoredToken } from './helpers/storedSession'
import { maskPhone } from '../../src/app/maskPhone'

/** The fields of `GET /api/me`'s user the journey checks. */
interface MeUser {
  id: string
  nickname: string
  avatarUrl: string
  phoneNumber?: string
}

function userOf(body: unknown): MeUser {
  const user = (body as { user?: MeUser } | null)?.user
  if (typeof user?.id !== 'string') throw new TypeError(`expected { user } from GET /api/me, got ${JSON.stringify(body)}`)
  return user
}

/** The `src` the profile page's avatar image shows (uni renders <image> as a div plus an <img>). */
function avatarSrc(page: Page): Promise<string | null> {
  return page.locator('#avatar-btn img').getAttribute('src')
}

/**
 * The login page's `redirect` query, fully decoded. uni's H5 router encodes a navigation's query once
 * more on top of the guard's own encoding, so the raw hash holds `%252F`; what matters is that it names the page.
 */
function redirectParam(page: Page): string | null {
  let value = currentRoute(page).query.get('redirect')
  for (let i = 0; i < 3 && value !== null && /%[0-9A-F]{2}/i.test(value); i += 1) value = decodeURIComponent(value)
  return value
}

const NICKNAME = '测试小明'

// One user's journey in order, in one browser context: each step starts where the previous one ended.
describe.skipIf(e2eEnv().skipReason !== null)('the login flow in headless Chromium', () => {
  const suite = useE2eSuite(1)
  let page: Page
  /** Every URL the page asked the reference server for, in order (only used to show what was NOT sent). */
  const apiCalls: string[] = []
  let user: MeUser

  beforeAll(async () => {
    page = await suite.newPage()
    page.on('request', (request) => {
      if (request.url().startsWith(suite.server.url)) apiCalls.push(`${request.method()} ${new URL(request.url()).pathname}`)
    })
  })

  it('shows 未登录 on home, and sends an anonymous user who opens the profile page to login with a return URL', async () => {
    await page.goto(`${suite.env.appURL}/#${ROUTES.home}`)
    await waitForStatus(page, '未登录')
    await suite.shots.take(page, 'home-anonymous')

    // Through the app's navigation (the guard's interceptor)…
    await page.click('#profile-btn')
    await waitForRoute(page, ROUTES.login)
    expect(redirectParam(page)).toBe(ROUTES.profile)

    // …and as a first page opened from a link, which no interceptor sees (the page's own check).
    await openFresh(page, suite.env.appURL, ROUTES.profile)
    await waitForRoute(page, ROUTES.login)
    expect(redirectParam(page)).toBe(ROUTES.profile)
    expect((await suite.api.stats()).logins).toBe(0)
  })

  it('says why before the agreement is ticked, then logs in once and returns to the profile page', async () => {
    // A tap before agreeing explains itself and sends nothing.
    await page.click('#login-btn')
    await page.locator('.error-text', { hasText: '请先阅读并同意' }).waitFor({ state: 'visible' })
    await suite.shots.take(page, 'login-not-agreed')
    expect(currentRoute(page).path).toBe(ROUTES.login)
    expect((await suite.api.stats()).logins).toBe(0)
    expect(apiCalls.filter((call) => /login/.test(call))).toEqual([])

    await page.click('#agree-checkbox')
    await page.locator('.error-text').waitFor({ state: 'detached' })
    expect((await suite.api.stats()).logins).toBe(0)
    await suite.shots.take(page, 'login-agreed')

    const callsBefore = apiCalls.length
    await page.click('#login-btn')
    await waitForRoute(page, ROUTES.profile)
    await page.waitForLoadState('networkidle')
    // One GET /api/me after the login (the profile page's refresh), not one per page show.
    expect(apiCalls.slice(callsBefore).filter((call) => call === 'GET /api/me')).toHaveLength(1)
    // Exactly one: had the tap before agreeing slipped through, the server would have seen two.
    const stats = await suite.api.stats()
    expect(stats.logins).toBe(1)
    expect(stats.code2SessionCalls).toBe(1)
    expect(await readStoredToken(page)).toMatch(/^[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{43}$/)
    await suite.shots.take(page, 'profile-after-login')
  })

  it('saves a nickname and an uploaded avatar, binds a phone through the emulator, and keeps them after a reload without a new login', async () => {
    const png = makePng(48)
    await page.locator('#nickname-input input').fill(NICKNAME)
    const chooser = page.waitForEvent('filechooser')
    await page.click('#avatar-btn')
    await (await chooser).setFiles({ name: 'avatar.png', mimeType: 'image/png', buffer: png })
    await expect.poll(() => avatarSrc(page)).toMatch(/^blob:/)

    await page.click('#save-profile-btn')
    await expect.poll(() => avatarSrc(page)).toContain('/uploads/')

    await page.click('#phone-btn')
    // Shown masked: three digits, four stars, the last four.
    await page.locator('.phone-text', { hasText: /\d{3}\*{4}\d{4}/ }).waitFor()

    const token = await readStoredToken(page)
    if (token === null) throw new Error('no session token in localStorage after logging in')
    const me = await suite.api.me(token)
    expect(me.status).toBe(200)
    user = userOf(me.body)
    expect(user.nickname).toBe(NICKNAME)
    expect(user.avatarUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/uploads\/[^/]+\.png$/)
    expect(user.phoneNumber).toMatch(/^\d{7,}$/)
    expect(await page.locator('.phone-text').textContent()).toContain(maskPhone(user.phoneNumber ?? ''))
    expect(await page.locator('body').textContent()).not.toContain(user.phoneNumber)
    // The server keeps the picture the browser picked: re-encoded (so no polyglot survives), the same pixels.
    const stored = Buffer.from(await (await fetch(user.avatarUrl, { signal: AbortSignal.timeout(5_000) })).arrayBuffer())
    const [storedPixels, pickedPixels] = await Promise.all([stored, png].map((b) => sharp(b).raw().toBuffer({ resolveWithObject: true })))
    expect(storedPixels?.info).toMatchObject({ width: 48, height: 48 })
    expect(storedPixels?.data.equals(pickedPixels?.data ?? Buffer.alloc(0))).toBe(true)
    await suite.shots.take(page, 'profile-filled')

    const before = await suite.api.stats()
    await page.reload()
    await waitForRoute(page, ROUTES.profile)
    await expect.poll(() => page.locator('#nickname-input input').inputValue()).toBe(NICKNAME)
    await expect.poll(() => avatarSrc(page)).toBe(user.avatarUrl)
    expect(await page.locator('.phone-text').textContent()).toContain(maskPhone(user.phoneNumber ?? ''))
    expect(await readStoredToken(page)).toBe(token)
    expect((await suite.api.stats()).logins).toBe(before.logins)
    await suite.shots.take(page, 'profile-after-reload')
  })

  it('re-logs in silently once when the server forgot the session, and the protected data loads without an error', async () => {
    // A fresh launch on home: the session is restored from storage, the server knows nothing of it yet.
    await openFresh(page, suite.env.appURL, ROUTES.home)
    await waitForRoute(page, ROUTES.home)
    await waitForStatus(page, '已登录')
    // A returning user's card loads itself on load; let that finish before the server forgets the session.
    await page.locator('.protected-result').waitFor()
    await suite.api.dropSessions()
    const before = await suite.api.stats()
    expect(before.sessionsAlive).toBe(0)

    await page.click('#protected-btn')
    const result = page.locator('.protected-result')
    await result.waitFor()
    // What the server answered, as the user reads it: the nickname and the masked phone, no identifiers.
    const shown = (await result.textContent()) ?? ''
    expect(shown).toContain(NICKNAME)
    expect(shown).toContain(maskPhone(user.phoneNumber ?? ''))
    expect(await page.locator('body').textContent()).not.toContain(user.id)
    expect(await page.locator('.error-text').count()).toBe(0)
    expect(await hasFlag(page, '#protected-btn', 'loading')).toBe(false)
    expect((await suite.api.stats()).logins).toBe(before.logins + 1)
    await suite.shots.take(page, 'home-protected-data')
  })

  it('re-logs in exactly once for 20 concurrent protected requests with an expired session, and all 20 succeed', async () => {
    await suite.api.dropSessions()
    const before = await suite.api.stats()

    const burst = await burstProtectedRequests(page, 20)

    expect(burst.rejected).toEqual([])
    expect(burst.fulfilled).toBe(20)
    expect(new Set(burst.userIds)).toEqual(new Set([user.id]))
    const after = await suite.api.stats()
    expect(after.logins).toBe(before.logins + 1)
    expect(after.code2SessionCalls).toBe(before.code2SessionCalls + 1)
    expect(after.sessionsAlive).toBe(1)
    await waitForStatus(page, '已登录')
    await suite.shots.take(page, 'home-after-burst')
  })

  it('logs out: home shows 未登录 and the old token gets 401 session_expired from the server', async () => {
    const token = await readStoredToken(page)
    if (token === null) throw new Error('no session token in localStorage before logging out')
    expect((await suite.api.me(token)).status).toBe(200)

    await page.click('#profile-btn')
    await waitForRoute(page, ROUTES.profile)
    // Logging out asks first: 取消 keeps the session…
    await page.click('#logout-btn')
    await page.locator('.uni-modal', { hasText: '退出登录' }).waitFor({ state: 'visible' })
    await page.click('.uni-modal__btn_default')
    await page.locator('.uni-modal').waitFor({ state: 'hidden' })
    expect(await readStoredToken(page)).toBe(token)
    expect(currentRoute(page).path).toBe(ROUTES.profile)
    // …the confirming button logs out and says so.
    await page.click('#logout-btn')
    await page.locator('.uni-modal', { hasText: '退出登录' }).waitFor({ state: 'visible' })
    await suite.shots.take(page, 'logout-confirm')
    await page.click('.uni-modal__btn_primary')
    await waitForRoute(page, ROUTES.home)
    await page.locator('uni-toast', { hasText: '已退出登录' }).waitFor({ state: 'visible' })
    await waitForStatus(page, '未登录')
    await suite.shots.take(page, 'home-after-logout')

    expect(await readStoredToken(page)).toBeNull()
    const answer = await suite.api.me(token)
    expect(answer.status).toBe(401)
    expect(answer.body).toMatchObject({ error: 'session_expired' })
  })

  it('logs in again from home and comes back to it with one GET /api/me; the logout modal is Chinese in an English browser too', async () => {
    await page.click('#goto-login-btn')
    await waitForRoute(page, ROUTES.login)
    await page.click('#agree-checkbox')
    const callsBefore = apiCalls.length
    await page.click('#login-btn')
    await waitForRoute(page, ROUTES.home)
    await waitForStatus(page, '已登录')
    await page.locator('.protected-result').waitFor({ state: 'visible' })
    await page.waitForLoadState('networkidle')
    expect(apiCalls.slice(callsBefore).filter((call) => call === 'GET /api/me')).toHaveLength(1)

    // In a browser with an English locale, uni's modal would fill in an English default: both texts are set.
    const english = await suite.newPage({ locale: 'en-US' })
    await english.goto(`${suite.env.appURL}/#${ROUTES.login}`)
    await english.click('#agree-checkbox')
    await english.click('#login-btn')
    await waitForRoute(english, ROUTES.home)
    await english.click('#profile-btn')
    await waitForRoute(english, ROUTES.profile)
    await english.click('#logout-btn')
    await english.locator('.uni-modal', { hasText: '退出登录' }).waitFor({ state: 'visible' })
    const buttons = [await english.locator('.uni-modal__btn_default').innerText(), await english.locator('.uni-modal__btn_primary').innerText()]
    expect(buttons).toEqual(['取消', '退出'])
  })
})

import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ROUTES, currentRoute, hasClass, waitForRoute, waitForStatus } from './helpers/appPage'
import { e2eEnv } from './helpers/e2eEnv'
import { useE2eSuite } from './helpers/e2eSuite'
import { readStoredToken } from './helpers/storedSession'

/** An Android phone's WeChat built-in browser; the app picks the web OAuth adapter for it. */
const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 MicroMessenger/8.0.50.2701(0x28003235) NetType/WIFI Language/zh_CN'

/** What one tab sent: web logins to the API, and document loads of the emulator's authorize page. */
interface Traffic {
  webLogins: number
  authorizeLoads: number
  /** Every app address WeChat (the emulator) sent the tab back to, code and state included. */
  returns: string[]
}

function watch(page: Page, serverURL: string, appURL: string): Traffic {
  const traffic: Traffic = { webLogins: 0, authorizeLoads: 0, returns: [] }
  page.on('request', (request) => {
    const url = request.url()
    if (request.method() === 'POST' && url === `${serverURL}/api/auth/web-login`) traffic.webLogins += 1
    if (request.isNavigationRequest() && url.startsWith(`${serverURL}/connect/oauth2/authorize?`)) traffic.authorizeLoads += 1
    if (request.isNavigationRequest() && url.startsWith(appURL) && /[?&](code|state)=/.test(url)) traffic.returns.push(url)
  })
  return traffic
}

async function tapLogin(page: Page): Promise<void> {
  await waitForRoute(page, ROUTES.login)
  await page.click('#agree-checkbox')
  // The button stays tappable before the tick (a tap says why); the tick takes away its dimmed look.
  await expect.poll(() => hasClass(page, '#login-btn', 'disabled')).toBe(false)
  await page.click('#login-btn')
}

function addressHasNoCode(page: Page): boolean {
  const url = new URL(page.url())
  return !url.searchParams.has('code') && !url.searchParams.has('state')
}

describe.skipIf(e2eEnv().skipReason !== null)("the login in WeChat's browser (web OAuth against the emulator)", () => {
  const suite = useE2eSuite(40)
  let page: Page
  let traffic: Traffic

  beforeAll(async () => {
    page = await suite.newPage({ userAgent: WECHAT_UA })
    traffic = watch(page, suite.server.url, suite.env.appURL)
  })

  it('logs in on first use through the consent page, and the address bar keeps no code or state', async () => {
    await page.goto(`${suite.env.appURL}/#${ROUTES.login}`)
    await tapLogin(page)
    await page.locator('#wxemu-allow').waitFor()
    await suite.shots.take(page, 'wechat-consent')
    await page.click('#wxemu-allow')
    await waitForStatus(page, '已登录')
    expect(addressHasNoCode(page)).toBe(true)
    expect(traffic).toMatchObject({ webLogins: 1, authorizeLoads: 1 })
    expect(traffic.returns).toHaveLength(1)
    expect(await readStoredToken(page)).toMatch(/^[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{43}$/)
    await suite.shots.take(page, 'wechat-logged-in')
  })

  it('stays logged in across a reload without a new login or a redirect', async () => {
    await page.reload()
    await waitForStatus(page, '已登录')
    await page.click('#protected-btn')
    await page.locator('.protected-result').waitFor()
    expect(traffic).toMatchObject({ webLogins: 1, authorizeLoads: 1 })
  })

  it('repairs a session the server forgot with exactly one silent redirect', async () => {
    await suite.api.dropSessions()
    await page.click('#protected-btn')
    // The 401 sends the tab through snsapi_base (no page) and back; the new load completes the login.
    await expect.poll(() => traffic.authorizeLoads).toBe(2)
    await waitForStatus(page, '已登录')
    await page.click('#protected-btn')
    await page.locator('.protected-result').waitFor()
    expect(traffic.webLogins).toBe(2)
    expect(addressHasNoCode(page)).toBe(true)
    expect(new URL(traffic.returns[1] ?? '').searchParams.get('code')).not.toBe(new URL(traffic.returns[0] ?? '').searchParams.get('code'))
  })

  it('does not replay nor loop on a shared link that still carries an old code', async () => {
    const shared = traffic.returns[0] ?? ''
    const other = await suite.newPage({ userAgent: WECHAT_UA })
    const seen = watch(other, suite.server.url, suite.env.appURL)
    await other.goto(shared)
    await waitForStatus(other, '未登录')
    expect(addressHasNoCode(other)).toBe(true)
    // Give a loop every chance to show itself.
    await other.waitForTimeout(1500)
    expect(seen.webLogins).toBe(0)
    expect(seen.authorizeLoads).toBe(0)
    await suite.shots.take(other, 'wechat-shared-link')
  })

  it('ends a refusal on the consent page in a clear message on the login page, without another redirect', async () => {
    const other = await suite.newPage({ userAgent: WECHAT_UA })
    const seen = watch(other, suite.server.url, suite.env.appURL)
    await other.goto(`${suite.env.appURL}/#${ROUTES.login}`)
    await tapLogin(other)
    await other.locator('#wxemu-deny').waitFor()
    await other.click('#wxemu-deny')
    await waitForRoute(other, ROUTES.login)
    await other.locator('.error-text', { hasText: '你已取消微信授权' }).waitFor()
    await other.waitForTimeout(1000)
    expect(seen).toMatchObject({ webLogins: 0, authorizeLoads: 1 })
    expect(addressHasNoCode(other)).toBe(true)
    expect(await readStoredToken(other)).toBeNull()
    await suite.shots.take(other, 'wechat-refused')
  })

  it('refuses a return whose state was tampered with, and exchanges nothing', async () => {
    const other = await suite.newPage({ userAgent: WECHAT_UA })
    const seen = watch(other, suite.server.url, suite.env.appURL)
    // Rewrites the state on its way to WeChat, as a forged link would.
    await other.route(`${suite.server.url}/connect/oauth2/authorize?**`, (route) => {
      const url = new URL(route.request().url())
      url.searchParams.set('state', 'forged0000')
      return route.continue({ url: url.href })
    })
    await other.goto(`${suite.env.appURL}/#${ROUTES.login}`)
    await tapLogin(other)
    await other.locator('#wxemu-allow').waitFor()
    await other.click('#wxemu-allow')
    await waitForRoute(other, ROUTES.login)
    await other.locator('.error-text', { hasText: '登录校验失败' }).waitFor()
    expect(seen.webLogins).toBe(0)
    expect(addressHasNoCode(other)).toBe(true)
  })

  it('logs out, and a reload neither logs in again nor redirects', async () => {
    await page.click('#profile-btn')
    await waitForRoute(page, ROUTES.profile)
    await page.click('#logout-btn')
    // Logging out asks first; the confirming button logs out.
    await page.locator('.uni-modal', { hasText: '退出登录' }).waitFor({ state: 'visible' })
    await page.click('.uni-modal__btn_primary')
    await expect.poll(async () => readStoredToken(page)).toBeNull()
    await page.goto(`${suite.env.appURL}/#${ROUTES.home}`)
    await page.reload()
    await waitForStatus(page, '未登录')
    await page.waitForTimeout(1000)
    expect(traffic).toMatchObject({ webLogins: 2, authorizeLoads: 2 })
    expect(currentRoute(page).path).toBe(ROUTES.home)
  })
})

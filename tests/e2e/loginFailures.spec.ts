import { afterEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ROUTES, hasClass, hasFlag, waitForRoute, waitForStatus } from './helpers/appPage'
import { e2eEnv } from './helpers/e2eEnv'
import { useE2eSuite } from './helpers/e2eSuite'

// Each bad path starts from a fresh browser context (no stored session) on the login page.
describe.skipIf(e2eEnv().skipReason !== null)('login failures in headless Chromium', () => {
  const suite = useE2eSuite(21)

  async function agreedLoginPage(): Promise<Page> {
    const page = await suite.newPage()
    await page.goto(`${suite.env.appURL}/#${ROUTES.login}`)
    await waitForRoute(page, ROUTES.login)
    await page.click('#agree-checkbox')
    // The button stays tappable before the tick (a tap says why); the tick takes away its dimmed look.
    await expect.poll(() => hasClass(page, '#login-btn', 'disabled')).toBe(false)
    return page
  }

  /** The page's inline error once it shows one matching `text`, and the button after it. */
  async function expectSettledError(page: Page, text: RegExp): Promise<void> {
    const error = page.locator('.error-text')
    await error.waitFor()
    expect(await error.textContent()).toMatch(text)
    // No endless spinner: the button is back to its idle label and state.
    expect(await hasFlag(page, '#login-btn', 'loading')).toBe(false)
    expect(await page.locator('#login-btn').textContent()).toContain('微信一键登录')
    expect(await hasFlag(page, '#login-btn', 'disabled')).toBe(false)
    expect(await hasClass(page, '#login-btn', 'disabled')).toBe(false)
  }

  async function expectLoggedInOnHome(page: Page): Promise<void> {
    // Without a redirect the login page returns home.
    await waitForRoute(page, ROUTES.home)
    await waitForStatus(page, '已登录')
  }

  afterEach(async () => {
    if (suite.server.running) await suite.api.clearFaults()
  })

  it('shows the rate-limit message when WeChat answers 45011, and a later tap logs in', async () => {
    const page = await agreedLoginPage()
    await suite.api.injectFault({ api: 'jscode2session', errcode: 45011, times: 1 })
    const before = await suite.api.stats()

    await page.click('#login-btn')
    await expectSettledError(page, /操作太频繁/)
    await suite.shots.take(page, 'login-rate-limited')
    const afterFault = await suite.api.stats()
    expect(afterFault.code2SessionCalls).toBe(before.code2SessionCalls + 1)
    expect(afterFault.logins).toBe(before.logins)

    await page.click('#login-btn')
    await expectLoggedInOnHome(page)
    expect((await suite.api.stats()).logins).toBe(before.logins + 1)
  })

  it('ends a login WeChat never answers with a message once the server gives up, and the button leaves its loading state', async () => {
    const page = await agreedLoginPage()
    await suite.api.injectFault({ api: 'jscode2session', hang: true, times: 1 })
    const before = await suite.api.stats()

    await page.click('#login-btn')
    // The page says it is busy while the server waits for WeChat…
    await expect.poll(() => hasFlag(page, '#login-btn', 'loading')).toBe(true)
    await suite.shots.take(page, 'login-waiting-for-wechat')
    // …until the server's WeChat timeout (shorter than the client's) turns the hang into 503 wechat_unavailable.
    await expectSettledError(page, /微信服务繁忙/)
    await suite.shots.take(page, 'login-wechat-timeout')
    expect((await suite.api.stats()).logins).toBe(before.logins)

    await page.click('#login-btn')
    await expectLoggedInOnHome(page)
    expect((await suite.api.stats()).logins).toBe(before.logins + 1)
  })

  it('shows a network error while the server is down, and logs in once it is back on the same port', async () => {
    const page = await agreedLoginPage()
    // WeChat is another host and stays up when our server goes down. Here the emulator lives on the
    // server, so the browser stands in for its one answer (a code) and the request that meets the
    // dead server is the login call itself. See the note in docs/testing.md.
    await page.route('**/__emulator/login-code', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': suite.env.appURL },
        body: JSON.stringify({ code: 'code-issued-while-the-server-is-down', openid: 'o_e2e_server_down_user_000' }),
      }),
    )
    await suite.server.stop()
    try {
      await page.click('#login-btn')
      await expectSettledError(page, /网络异常/)
      await suite.shots.take(page, 'login-server-down')
    } finally {
      await page.unroute('**/__emulator/login-code')
      await suite.server.start()
    }

    await page.click('#login-btn')
    await expectLoggedInOnHome(page)
    // A restarted server starts with empty memory stores: this login is its first.
    expect((await suite.api.stats()).logins).toBe(1)
  })
})

import type { Page } from 'playwright-core'

/** The demo app's pages, as H5 hash routes (manifest.json sets the router mode to "hash"). */
export const ROUTES = {
  home: '/pages/index/index',
  login: '/pages/login/login',
  profile: '/pages/profile/profile',
} as const

/** The page's current route and query, read from the hash (`#/pages/login/login?redirect=…`). */
export function currentRoute(page: Page): { path: string; query: URLSearchParams } {
  const hash = new URL(page.url()).hash.replace(/^#/, '')
  const [path = '', query = ''] = hash.split('?', 2)
  return { path: path === '/' || path === '' ? ROUTES.home : path, query: new URLSearchParams(query) }
}

/**
 * Waits until the app shows `route`: the hash names it and uni has rendered that page. Watched from
 * inside the page, because uni changes the hash without a document load that `waitForURL` could
 * wait for. Bounded by the context's default timeout.
 */
export async function waitForRoute(page: Page, route: string): Promise<void> {
  // uni shows the first page of pages.json (home) at `#/` when it is reached by reLaunch or by default.
  const aliases = route === ROUTES.home ? [route, '/'] : [route]
  await page.waitForFunction(
    (paths) => paths.some((r) => location.hash === `#${r}` || location.hash.startsWith(`#${r}?`)),
    aliases,
  )
  await page.locator(`uni-page[data-page="${route.replace(/^\//, '')}"]`).waitFor({ state: 'visible' })
}

/** Opens `route` as a fresh page load, the way a shared link or a typed URL would. */
export async function openFresh(page: Page, appURL: string, route: string): Promise<void> {
  await page.goto(`${appURL}/#${route}`)
  await page.reload()
}

/**
 * Waits for the home page's status line to settle on `text` (it shows 加载中… while the stored
 * session is being restored, and 登录中… during a login).
 */
export async function waitForStatus(page: Page, text: '未登录' | '已登录'): Promise<void> {
  await page.locator('.status-text', { hasText: text }).waitFor({ state: 'visible' })
}

/** Whether a uni component carries a boolean attribute (`<uni-button disabled="true">`, `loading`). */
export function hasFlag(page: Page, selector: string, flag: 'disabled' | 'loading'): Promise<boolean> {
  return page.locator(selector).evaluate((el, name) => el.hasAttribute(name), flag)
}

/** Whether the element carries a CSS class (the login button looks dimmed with `disabled` until the box is ticked). */
export function hasClass(page: Page, selector: string, name: string): Promise<boolean> {
  return page.locator(selector).evaluate((el, cls) => el.classList.contains(cls), name)
}

/** The outcome of firing requests from inside the page. */
export interface PageBurstResult {
  fulfilled: number
  rejected: string[]
  userIds: string[]
}

/**
 * Fires `count` protected requests at once from inside the page, through the app's own Pinia auth
 * store (`refreshUser()` = `GET /api/me` via the library's request client). The app exposes no test
 * hook for this, so the store is reached the way Vue devtools reach it: the root element's
 * `__vue_app__`, its `$pinia`, and the store registered under the id `auth`.
 */
export function burstProtectedRequests(page: Page, count: number): Promise<PageBurstResult> {
  return page.evaluate(async (n) => {
    interface Store {
      refreshUser(): Promise<{ id: string }>
    }
    interface VueRoot {
      __vue_app__?: { config: { globalProperties: { $pinia?: { _s: Map<string, Store> } } } }
    }
    const root = document.querySelector('#app') as (Element & VueRoot) | null
    const store = root?.__vue_app__?.config.globalProperties.$pinia?._s.get('auth')
    if (store === undefined) throw new Error('the app has no Pinia store with the id "auth"')
    const results = await Promise.allSettled(Array.from({ length: n }, () => store.refreshUser()))
    const out = { fulfilled: 0, rejected: [] as string[], userIds: [] as string[] }
    for (const r of results) {
      if (r.status === 'fulfilled') {
        out.fulfilled += 1
        out.userIds.push(r.value.id)
      } else {
        out.rejected.push(String((r.reason as { code?: unknown })?.code ?? r.reason))
      }
    }
    return out
  }, count)
}

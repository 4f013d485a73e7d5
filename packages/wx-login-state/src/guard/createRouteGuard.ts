import type { NavigationMethod, PlatformRouter } from '../platform/types'
import type { SessionManager } from '../session/sessionManager'
import type { SessionState } from '../session/types'
import { formatPageUrl, parsePageUrl } from './pageUrl'

/** What the guard needs to know about the app; declare it in one place (the app's routes file). */
export interface RouteGuardOptions {
  router: PlatformRouter
  session: Pick<SessionManager, 'state' | 'ready' | 'subscribe'>
  /** Routes (leading slash, no query) that need a logged-in user. */
  protectedPages: readonly string[]
  /** The login page route; it receives `?redirect=<encoded return URL>`. */
  loginPage: string
  /** Routes declared under `tabBar` in pages.json: reachable only through `switchTab`, which takes no query. */
  tabPages?: readonly string[]
  /** Where `returnAfterLogin()` goes without a return URL. Default `/pages/index/index`. */
  homePage?: string
}

/** A navigation guard bound to one router and one session. */
export interface RouteGuard {
  /** Adds the navigation interceptors. Idempotent. */
  install(): void
  /** Removes the interceptors again. */
  dispose(): void
  /** Whether `url` (absolute, or relative to the current page) points at a protected page. */
  isProtected(url: string): boolean
  /**
   * For `onShow` of protected pages: catches the entries interceptors never see (the first page,
   * share cards, QR codes). Waits for the session to settle, then resolves `true` when the page may
   * stay, or sends the user to the login page and resolves `false`.
   */
  checkPage(route: string, query?: Record<string, string>): Promise<boolean>
  /** Opens the login page with `returnUrl` as its redirect, without ever stacking a second login page. */
  redirectToLogin(returnUrl: string, method?: 'navigateTo' | 'redirectTo'): Promise<void>
  /** After a successful login: goes to the return URL (switchTab for tab pages, redirectTo otherwise) or home. */
  returnAfterLogin(redirect?: string): Promise<void>
}

const INTERCEPTED: readonly NavigationMethod[] = ['navigateTo', 'redirectTo', 'reLaunch', 'switchTab']
// WeChat keeps at most 10 pages; a navigateTo past that fails, so the guard replaces instead.
const MAX_STACK = 10

function withSlash(route: string): string {
  return route.startsWith('/') ? route : '/' + route
}

function isTransient(state: SessionState): boolean {
  return state.status === 'restoring' || state.status === 'logging-in'
}

/**
 * Creates the route guard. Interceptors run synchronously, so they decide from the current session
 * snapshot: an anonymous user is stopped and sent to the login page; while the session is still
 * restoring (or silently re-logging in) the navigation is let through, because a warm start usually
 * ends authenticated and bouncing such a user to the login page would be wrong. The protected page's
 * `onShow` then calls `checkPage()`, which awaits the settled state and redirects if needed, so both
 * paths end in the same place.
 */
export function createRouteGuard(options: RouteGuardOptions): RouteGuard {
  const { router, session, loginPage } = options
  const protectedPages = new Set(options.protectedPages.map(withSlash))
  const tabPages = new Set((options.tabPages ?? []).map(withSlash))
  const homePage = withSlash(options.homePage ?? '/pages/index/index')
  let installed = false
  // Set synchronously while a login navigation is on its way, because `currentPages()` only shows
  // the login page once the navigation has finished and a second trigger may arrive before that.
  let pendingLogin: Promise<void> | null = null

  function currentRoute(): string {
    const pages = router.currentPages()
    return pages[pages.length - 1]?.route ?? '/'
  }

  function isProtected(url: string): boolean {
    return protectedPages.has(parsePageUrl(url, currentRoute()).route)
  }

  function redirectToLogin(returnUrl: string, method: 'navigateTo' | 'redirectTo' = 'navigateTo'): Promise<void> {
    if (pendingLogin) return pendingLogin
    const pages = router.currentPages()
    const loginIndex = pages.map((page) => page.route).lastIndexOf(loginPage)
    if (loginIndex === pages.length - 1 && loginIndex !== -1) return Promise.resolve()

    let navigation: Promise<void>
    if (loginIndex !== -1) {
      navigation = router.navigateBack(pages.length - 1 - loginIndex)
    } else {
      const target = formatPageUrl(loginPage, { redirect: returnUrl })
      const chosen = method === 'navigateTo' && pages.length >= MAX_STACK ? 'redirectTo' : method
      navigation = router.navigate(chosen, target)
    }
    const pending = navigation.finally(() => {
      if (pendingLogin === pending) pendingLogin = null
    })
    pendingLogin = pending
    return pending
  }

  function intercept(method: NavigationMethod) {
    return {
      invoke(args: { url: string }): boolean {
        const target = parsePageUrl(args.url, currentRoute())
        if (!protectedPages.has(target.route)) return true
        if (session.state.status !== 'anonymous') return true
        // Navigations to the login page pass this interceptor too, so defer ours to leave the
        // current interceptor call before starting a new navigation.
        const returnUrl = formatPageUrl(target.route, target.query)
        const loginMethod = method === 'navigateTo' || method === 'switchTab' ? 'navigateTo' : 'redirectTo'
        void Promise.resolve()
          .then(() => redirectToLogin(returnUrl, loginMethod))
          .catch(() => {
            // NOTE: a failed navigation leaves the user where they are, which is safe; nothing to undo.
          })
        return false
      },
    }
  }

  async function settledState(): Promise<SessionState> {
    await session.ready()
    if (!isTransient(session.state)) return session.state
    return new Promise<SessionState>((resolve) => {
      let done = false
      const off = session.subscribe((event) => {
        if (done || event.type !== 'change' || isTransient(event.state)) return
        done = true
        // NOTE: unsubscribing from inside the listener is deferred, after the session's dispatch loop.
        // A plain promise job rather than `queueMicrotask`: that is a host API, not ECMAScript, and
        // an old WeChat base library without it would leave checkPage() pending forever.
        void Promise.resolve().then(off)
        resolve(event.state)
      })
      if (!isTransient(session.state) && !done) {
        done = true
        off()
        resolve(session.state)
      }
    })
  }

  async function checkPage(route: string, query: Record<string, string> = {}): Promise<boolean> {
    const target = withSlash(route)
    if (!protectedPages.has(target)) return true
    const state = await settledState()
    if (state.status === 'authenticated') return true
    // Tab pages cannot be closed by redirectTo, so the login page goes on top of them instead.
    await redirectToLogin(formatPageUrl(target, query), tabPages.has(target) ? 'navigateTo' : 'redirectTo')
    return false
  }

  function decodeRedirect(redirect: string): string {
    // mp-weixin hands `onLoad` the raw, still-encoded query value; H5 decodes it first.
    if (/^%2f/i.test(redirect)) {
      try {
        return decodeURIComponent(redirect)
      } catch {
        return homePage
      }
    }
    return redirect
  }

  async function returnAfterLogin(redirect?: string): Promise<void> {
    const raw = redirect ? decodeRedirect(redirect.trim()) : ''
    const target = raw.startsWith('/') ? parsePageUrl(raw) : { route: homePage, query: {} }
    const route = target.route === loginPage ? homePage : target.route
    const query = target.route === loginPage ? {} : target.query
    if (tabPages.has(route)) return router.navigate('switchTab', route)
    if (route === homePage && !raw.startsWith('/')) return router.navigate('reLaunch', homePage)
    return router.navigate('redirectTo', formatPageUrl(route, query))
  }

  return {
    install() {
      if (installed) return
      installed = true
      for (const method of INTERCEPTED) router.addInterceptor(method, intercept(method))
    },
    dispose() {
      if (!installed) return
      installed = false
      for (const method of INTERCEPTED) router.removeInterceptor(method)
    },
    isProtected,
    checkPage,
    redirectToLogin,
    returnAfterLogin,
  }
}

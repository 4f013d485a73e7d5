import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { createTestWx, type EmulatorLike, type PageHost, type TestWx } from './wx/createTestWx'
import type { Phone } from './wx/phone'
import { forgetCompiledTemplates, loadSimulate, type SimNode } from './simulateRuntime'

/** WeChat keeps at most ten pages on its stack. */
export const MAX_PAGES = 10

/** One page on the stack: its route (no leading slash), the raw query WeChat hands to onLoad, its node. */
export interface OpenPage {
  route: string
  query: Record<string, string>
  node: SimNode
}

/** How to launch: which staged build, on which phone, with which WeChat, at which page. */
export interface LaunchOptions {
  appDir: string
  phone: Phone
  emulator: EmulatorLike
  /** The page the user enters on, with its query, e.g. `pages/profile/profile?from=share`. Default: the first of app.json. */
  entry?: string
}

type Lifecycle = Record<string, ((...args: unknown[]) => unknown) | undefined>
type Navigation = 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab'

function parseQuery(search: string): Record<string, string> {
  // WeChat hands onLoad the query values as they were written in the URL: still percent-encoded.
  const query: Record<string, string> = {}
  for (const part of search.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    query[eq === -1 ? part : part.slice(0, eq)] = eq === -1 ? '' : part.slice(eq + 1)
  }
  return query
}

function call(target: object | undefined, hook: string, ...args: unknown[]): unknown {
  const fn = (target as Lifecycle | undefined)?.[hook]
  return typeof fn === 'function' ? fn.apply(target, args) : undefined
}

/**
 * Launches the compiled mini program in `appDir` (a staged copy of the mp-weixin output) the way
 * WeChat does: a fresh JS context (every module of the build evaluated anew), the project's `wx`
 * complete before `common/vendor.js` loads, `App`/`getApp`/`getCurrentPages`/`Page` in place,
 * `App.onLaunch`/`onShow` with the launch options, then the entry page: each page is rendered by
 * miniprogram-simulate (official wcc compiler), given its `route` before it is attached, and taken
 * through `onLoad(query)`, `onShow`, `onReady`; navigation keeps WeChat's stack rules and errors.
 */
export function launchMiniProgram(options: LaunchOptions) {
  const simulate = loadSimulate()
  // The suite launches two builds (the demo, the preset fixture) in one process.
  forgetCompiledTemplates()
  const { appDir } = options
  const require = createRequire(path.join(appDir, 'app.js'))
  for (const id of Object.keys(require.cache)) if (id.startsWith(appDir + path.sep)) delete require.cache[id]

  const appJson = JSON.parse(readFileSync(path.join(appDir, 'app.json'), 'utf8')) as { pages: string[]; tabBar?: { list: { pagePath: string }[] } }
  const tabPages = new Set((appJson.tabBar?.list ?? []).map((t) => t.pagePath))
  const stack: OpenPage[] = []
  const ids = new Map<string, string>()
  const root = document.createElement('div')
  document.body.innerHTML = ''
  document.body.appendChild(root)

  function resolveUrl(method: string, url: string): { route: string; query: Record<string, string> } {
    const [rawPath = '', search = ''] = url.split('?', 2)
    const current = stack[stack.length - 1]?.route ?? ''
    const route = rawPath.startsWith('/') ? path.posix.normalize(rawPath).slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(current), rawPath))
    if (!appJson.pages.includes(route)) throw new Error(`${method}:fail page "${route}" is not found`)
    return { route, query: parseQuery(search) }
  }

  function open(route: string, query: Record<string, string>): void {
    let id = ids.get(route)
    if (id === undefined) {
      id = simulate.load(path.join(appDir, route), { rootPath: appDir, compiler: 'official' })
      ids.set(route, id)
    }
    const node = simulate.render(id)
    // uni treats a component as a page only when it has a route, and decides that in `attached`.
    node.instance.route = route
    node.instance.options = query
    const page: OpenPage = { route, query, node }
    stack.push(page)
    node.attach(root)
    call(node.instance, 'onLoad', { ...query })
    call(node.instance, 'onShow')
    call(node.instance, 'onReady')
  }

  function close(page: OpenPage): void {
    call(page.node.instance, 'onUnload')
    page.node.detach()
  }

  const pages: PageHost = {
    currentRoute: () => stack[stack.length - 1]?.route ?? '',
    async navigate(method: Navigation, url) {
      const target = resolveUrl(method, url)
      const isTab = tabPages.has(target.route)
      if (method === 'switchTab' && !isTab) throw new Error('switchTab:fail can not switch to no-tabBar page')
      if ((method === 'navigateTo' || method === 'redirectTo') && isTab) throw new Error(`${method}:fail can not ${method} a tabbar page`)
      if (method === 'navigateTo' && stack.length >= MAX_PAGES) throw new Error('navigateTo:fail webview count limit exceed')
      const top = stack[stack.length - 1]
      if (method === 'navigateTo') call(top?.node.instance, 'onHide')
      else if (method === 'redirectTo') {
        if (top) close(stack.pop() as OpenPage)
      } else {
        while (stack.length > 0) close(stack.pop() as OpenPage)
      }
      open(target.route, target.query)
    },
    async navigateBack(delta) {
      if (stack.length <= 1) throw new Error('navigateBack:fail cannot navigate back at first page.')
      const count = Math.min(Math.max(1, Math.floor(delta)), stack.length - 1)
      for (let i = 0; i < count; i++) close(stack.pop() as OpenPage)
      call(stack[stack.length - 1]?.node.instance, 'onShow')
    },
  }

  const tx: TestWx = createTestWx({ phone: options.phone, emulator: options.emulator, pages })
  let app: Record<string, unknown> | undefined
  const g = globalThis as Record<string, unknown>
  g.wx = tx.wx
  g.App = (appOptions: Record<string, unknown>) => {
    app = appOptions
  }
  g.getApp = () => app
  g.getCurrentPages = () => stack.map((p) => p.node.instance)
  // mp-weixin pages are components; `Page` is there because vendor.js captures it when it loads.
  g.Page = g.Component
  require(path.join(appDir, 'app.js'))
  if (app === undefined) throw new Error('[mp] app.js did not call App()')

  const [entryPath = appJson.pages[0] ?? '', entrySearch = ''] = (options.entry ?? '').split('?', 2)
  const entryRoute = entryPath === '' ? (appJson.pages[0] as string) : entryPath.replace(/^\//, '')
  const launch = { path: entryRoute, query: parseQuery(entrySearch), scene: 1001, referrerInfo: {} }
  call(app, 'onLaunch', launch)
  call(app, 'onShow', launch)
  open(entryRoute, launch.query)

  return {
    wx: tx,
    stack: stack as readonly OpenPage[],
    get app() {
      return app
    },
    /**
     * One compiled module of this launch's build (`common/vendor.js`, `src/app/auth.js`), as the app
     * itself loaded it: the same instance, not a fresh copy. `T` names only what the test uses.
     */
    appModule<T>(file: string): T {
      return require(path.join(appDir, file)) as T
    },
    /** The navigation bar's back arrow. */
    back: (): Promise<void> => pages.navigateBack(1),
    /** Closes every page, as WeChat does when the mini program is destroyed. */
    close(): void {
      while (stack.length > 0) close(stack.pop() as OpenPage)
      call(app, 'onHide')
    },
  }
}

/** A launched mini program. */
export type LaunchedMiniProgram = ReturnType<typeof launchMiniProgram>

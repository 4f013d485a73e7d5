import type { NavigationInterceptor, NavigationMethod, PlatformRouter } from '../platform/types'

/** A {@link PlatformRouter} over an in-memory page stack, with inspection for tests. */
export interface FakeRouter extends PlatformRouter {
  /** Every navigation that went through (interceptors allowing it), in order. */
  readonly history: ReadonlyArray<{ method: NavigationMethod | 'navigateBack'; url: string }>
}

/**
 * Creates a {@link FakeRouter} whose stack starts at `initialRoute`. Interceptors behave like uni's:
 * one per method, and `invoke` returning `false` stops the navigation.
 */
export function createFakeRouter(initialRoute = '/pages/index/index'): FakeRouter {
  const interceptors = new Map<NavigationMethod, NavigationInterceptor>()
  const history: Array<{ method: NavigationMethod | 'navigateBack'; url: string }> = []
  let stack: Array<{ route: string; query: Record<string, string> }> = [parseUrl(initialRoute)]

  return {
    history,
    addInterceptor(method, interceptor) {
      interceptors.set(method, interceptor)
    },
    removeInterceptor(method) {
      interceptors.delete(method)
    },
    async navigate(method, url) {
      if (interceptors.get(method)?.invoke({ url }) === false) return
      history.push({ method, url })
      const page = parseUrl(url)
      if (method === 'navigateTo') stack = [...stack, page]
      else if (method === 'redirectTo') stack = [...stack.slice(0, -1), page]
      else stack = [page]
    },
    async navigateBack(delta = 1) {
      history.push({ method: 'navigateBack', url: '' })
      stack = stack.slice(0, Math.max(1, stack.length - delta))
    },
    currentPages: () => stack.map((p) => ({ route: p.route, query: { ...p.query } })),
  }
}

function parseUrl(url: string): { route: string; query: Record<string, string> } {
  const [path = '', search = ''] = url.split('?', 2)
  const query: Record<string, string> = {}
  for (const pair of search.split('&')) {
    if (!pair) continue
    const [k = '', v = ''] = pair.split('=', 2)
    query[decodeURIComponent(k)] = decodeURIComponent(v)
  }
  return { route: path.startsWith('/') ? path : `/${path}`, query }
}

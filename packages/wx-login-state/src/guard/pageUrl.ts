/** A page URL split into its route (leading slash, no query) and its decoded query. */
export interface PageUrl {
  route: string
  query: Record<string, string>
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '))
  } catch {
    // A malformed escape is kept verbatim rather than crashing the navigation.
    return value
  }
}

/**
 * Parses a uni-app page URL (`/pages/a/a?x=1`, `pages/a/a`, `../b/b?y=2`) into a route and a query.
 * Relative URLs are resolved against `fromRoute` the way `uni.navigateTo` resolves them, so that a
 * guard compares the same absolute route whatever form the caller used.
 */
export function parsePageUrl(url: string, fromRoute = '/'): PageUrl {
  const hashless = url.split('#')[0] ?? ''
  const queryAt = hashless.indexOf('?')
  const path = queryAt === -1 ? hashless : hashless.slice(0, queryAt)
  const search = queryAt === -1 ? '' : hashless.slice(queryAt + 1)

  const query: Record<string, string> = {}
  for (const pair of search.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const key = safeDecode(eq === -1 ? pair : pair.slice(0, eq))
    query[key] = eq === -1 ? '' : safeDecode(pair.slice(eq + 1))
  }
  return { route: resolveRoute(path, fromRoute), query }
}

function resolveRoute(path: string, fromRoute: string): string {
  if (path.startsWith('/')) return normaliseSegments(path.split('/'))
  // NOTE: uni treats `pages/x/x` (no dot, no slash) as relative to the current page too, but every
  // app in practice means the root-relative page; pages.json routes never start with a dot.
  if (!path.startsWith('.')) return normaliseSegments(['', ...path.split('/')])
  const base = fromRoute.split('/').slice(0, -1)
  return normaliseSegments([...base, ...path.split('/')])
}

function normaliseSegments(segments: string[]): string {
  const out: string[] = []
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') out.pop()
    else out.push(segment)
  }
  return '/' + out.join('/')
}

/** Builds `/route?k=v&…` with every key and value URI-encoded; the inverse of `parsePageUrl`. */
export function formatPageUrl(route: string, query: Record<string, string> = {}): string {
  const search = Object.entries(query)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&')
  return search === '' ? route : `${route}?${search}`
}

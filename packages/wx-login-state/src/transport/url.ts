/** Query parameters; `undefined` values are left out. */
export type QueryParams = Record<string, string | number | boolean | undefined>

/**
 * Joins `url` to `baseURL` unless it is absolute, and appends `query` (encoded). Slashes at the seam
 * are collapsed, so `'http://host/'` + `'/api/me'` gives `'http://host/api/me'`.
 */
export function buildURL(baseURL: string, url: string, query?: QueryParams): string {
  const absolute = /^[a-z][a-z\d+.-]*:\/\//i.test(url)
  let out = absolute || baseURL === '' ? url : `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`
  if (query) {
    const parts: string[] = []
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue
      parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    }
    if (parts.length > 0) {
      const [beforeHash = '', hash] = out.split('#', 2)
      out = `${beforeHash}${beforeHash.includes('?') ? '&' : '?'}${parts.join('&')}${hash === undefined ? '' : `#${hash}`}`
    }
  }
  return out
}

/** The URL without query and fragment, for error messages: query strings can carry secrets. */
export function redactURL(url: string): string {
  return url.replace(/[?#].*$/, '')
}

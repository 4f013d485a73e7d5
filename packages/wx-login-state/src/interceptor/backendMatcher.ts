/**
 * The default `match` of `installRequestInterceptor`: URLs under `baseURL`, on a path boundary, so
 * that `http://api.example.com` does not match `http://api.example.com.evil.test/…` nor
 * `http://127.0.0.1:3000` match `http://127.0.0.1:30001/…`. Scheme and host compare
 * case-insensitively, the path as is. An empty `baseURL` (same-origin H5 builds) matches relative
 * URLs only, since any absolute URL may name another host.
 */
export function underBaseURL(baseURL: string): (url: string) => boolean {
  const base = baseURL.replace(/\/+$/, '')
  if (base === '') return (url) => !/^[a-z][a-z\d+.-]*:\/\//i.test(url) && !url.startsWith('//')
  const origin = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i.exec(base)?.[0] ?? ''
  const lowerOrigin = origin.toLowerCase()
  const rest = base.slice(origin.length)
  return (url) => {
    if (url.length < base.length) return false
    if (url.slice(0, origin.length).toLowerCase() !== lowerOrigin) return false
    if (url.slice(origin.length, base.length) !== rest) return false
    const next = url.charAt(base.length)
    return next === '' || next === '/' || next === '?' || next === '#'
  }
}

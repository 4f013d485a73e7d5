import { describe, expect, it } from 'vitest'
import { formatPageUrl, parsePageUrl } from '../../src/guard/pageUrl'

describe('parsePageUrl', () => {
  it('splits the route from a decoded query', () => {
    expect(parsePageUrl('/pages/a/a?x=1&name=%E5%B0%8F%E6%98%8E&flag')).toEqual({
      route: '/pages/a/a',
      query: { x: '1', name: '小明', flag: '' },
    })
  })

  it('resolves relative paths against the current page', () => {
    expect(parsePageUrl('../b/b?y=2', '/pages/a/a').route).toBe('/pages/b/b')
    expect(parsePageUrl('./c', '/pages/a/a').route).toBe('/pages/a/c')
    expect(parsePageUrl('pages/d/d').route).toBe('/pages/d/d')
  })

  it('keeps a malformed escape instead of throwing', () => {
    expect(parsePageUrl('/p?x=%E0%A4%A').query.x).toBe('%E0%A4%A')
  })
})

describe('formatPageUrl', () => {
  it('round-trips through parsePageUrl', () => {
    const query = { redirect: '/pages/p/p?a=1&b=2', note: '你好 world' }
    expect(parsePageUrl(formatPageUrl('/pages/x/x', query))).toEqual({ route: '/pages/x/x', query })
  })

  it('leaves a URL without query untouched', () => {
    expect(formatPageUrl('/pages/x/x')).toBe('/pages/x/x')
  })
})

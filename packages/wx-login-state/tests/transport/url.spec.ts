import { describe, expect, it } from 'vitest'
import { buildURL, redactURL } from '../../src/transport/url'

describe('url', () => {
  it.each([
    ['http://h:1', '/api/me', 'http://h:1/api/me'],
    ['http://h:1/', '/api/me', 'http://h:1/api/me'],
    ['http://h:1/v1', 'api/me', 'http://h:1/v1/api/me'],
    ['http://h:1', 'https://other/x', 'https://other/x'],
    ['', '/api/me', '/api/me'],
  ])('joins %j and %j', (base, url, expected) => {
    expect(buildURL(base, url)).toBe(expected)
  })

  it('appends the query to an existing one, before the fragment, leaving out undefined', () => {
    expect(buildURL('http://h', '/a?x=1#top', { y: 'ü', z: undefined, ok: true })).toBe('http://h/a?x=1&y=%C3%BC&ok=true#top')
  })

  it('drops query and fragment from URLs shown in messages', () => {
    expect(redactURL('http://h/a?token=secret#x')).toBe('http://h/a')
  })
})

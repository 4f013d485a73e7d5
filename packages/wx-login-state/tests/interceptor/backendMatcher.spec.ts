import { describe, expect, it } from 'vitest'
import { underBaseURL } from '../../src/interceptor/backendMatcher'

describe('underBaseURL', () => {
  it('matches the base itself and paths, queries and fragments under it', () => {
    const match = underBaseURL('http://127.0.0.1:3000/')
    for (const url of ['http://127.0.0.1:3000', 'http://127.0.0.1:3000/api/me', 'http://127.0.0.1:3000?x=1', 'HTTP://127.0.0.1:3000/a']) expect(match(url)).toBe(true)
  })

  it('does not match a longer port, a look-alike host or another scheme', () => {
    const match = underBaseURL('http://api.example.com')
    for (const url of ['http://api.example.com.evil.test/a', 'https://api.example.com/a', 'http://api.example.comx/a', '/api/me']) expect(match(url)).toBe(false)
    expect(underBaseURL('http://127.0.0.1:3000')('http://127.0.0.1:30001/api')).toBe(false)
  })

  it('keeps a base path on a segment boundary', () => {
    const match = underBaseURL('https://example.com/v1')
    expect(match('https://example.com/v1/me')).toBe(true)
    expect(match('https://example.com/v10/me')).toBe(false)
  })

  it('matches only relative URLs when the base is empty', () => {
    const match = underBaseURL('')
    expect(match('/api/me')).toBe(true)
    expect(match('http://127.0.0.2/api/me')).toBe(false)
    expect(match('//cdn.example.com/x')).toBe(false)
  })
})

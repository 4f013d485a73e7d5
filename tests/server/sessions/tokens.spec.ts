import { describe, expect, it } from 'vitest'
import { bearerToken, hashToken, isWellFormedToken, newToken } from '../../../server/sessions/tokens'

describe('tokens', () => {
  it('makes 43-character base64url tokens that pass the shape check', () => {
    const token = newToken()
    expect(token).toHaveLength(43)
    expect(isWellFormedToken(token)).toBe(true)
  })

  it('hashes to 64 hex characters, deterministically', () => {
    const token = newToken()
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashToken(token)).toBe(hashToken(token))
    expect(hashToken(token)).not.toBe(hashToken(newToken()))
  })

  it('reads the token from a Bearer header, case-insensitively on the scheme', () => {
    const token = newToken()
    expect(bearerToken(`Bearer ${token}`)).toBe(token)
    expect(bearerToken(`bearer ${token}`)).toBe(token)
  })

  it.each([
    ['no header', undefined],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['no token', 'Bearer '],
    ['a short token', 'Bearer abc'],
    ['a token with bad characters', `Bearer ${'+'.repeat(43)}`],
    ['two tokens', `Bearer ${'a'.repeat(43)} ${'b'.repeat(43)}`],
  ])('finds no token in %s', (_, header) => {
    expect(bearerToken(header)).toBeUndefined()
  })
})

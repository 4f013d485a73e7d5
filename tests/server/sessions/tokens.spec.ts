import { describe, expect, it } from 'vitest'
import { bearerToken, hashToken, isWellFormedToken, locateToken, newToken } from '../../../server/sessions/tokens'
import { newUserTag } from '../../../server/stores/userTags'

const tag = newUserTag()

describe('tokens', () => {
  it("makes '<12-character tag>.<43 characters of 32 random bytes>' tokens that pass the shape check", () => {
    const token = newToken(tag)
    expect(token).toHaveLength(56)
    expect(token.startsWith(`${tag}.`)).toBe(true)
    expect(Buffer.from(token.slice(13), 'base64url')).toHaveLength(32)
    expect(isWellFormedToken(token)).toBe(true)
  })

  it('refuses to make a token with anything but a slot tag in front', () => {
    expect(() => newToken('u_1')).toThrowError(TypeError)
    expect(() => newToken('{abcdefghij}')).toThrowError(TypeError)
  })

  it('locates a token without a store: its tag and the sha256 of the whole token', () => {
    const token = newToken(tag)
    expect(locateToken(token)).toEqual({ tag, hash: hashToken(token) })
    expect(locateToken(token.slice(13))).toBeUndefined()
  })

  it('hashes to 64 hex characters, deterministically', () => {
    const token = newToken(tag)
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashToken(token)).toBe(hashToken(token))
    expect(hashToken(token)).not.toBe(hashToken(newToken(tag)))
  })

  it('reads the token from a Bearer header, case-insensitively on the scheme', () => {
    const token = newToken(tag)
    expect(bearerToken(`Bearer ${token}`)).toBe(token)
    expect(bearerToken(`bearer ${token}`)).toBe(token)
  })

  it.each([
    ['no header', undefined],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['no token', 'Bearer '],
    ['a short token', 'Bearer abc'],
    ['a token with bad characters', `Bearer ${'+'.repeat(12)}.${'+'.repeat(43)}`],
    ['a token of the format before slot tags', `Bearer ${'a'.repeat(43)}`],
    ['a tag with braces', `Bearer {abcdefghij}.${'a'.repeat(43)}`],
    ['two tokens', `Bearer ${'a'.repeat(43)} ${'b'.repeat(43)}`],
  ])('finds no token in %s', (_, header) => {
    expect(bearerToken(header)).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { normalizeNickname } from '../../../server/users/normalizeNickname'

describe('normalizeNickname', () => {
  it('trims surrounding whitespace, full-width spaces included', () => {
    expect(normalizeNickname('  小明\u3000')).toBe('小明')
  })

  it('counts what people see as one character once: emoji with modifiers and joiners', () => {
    const family = '👨‍👩‍👧‍👦'
    expect(normalizeNickname(family.repeat(32))).toBe(family.repeat(32))
    expect(normalizeNickname(family.repeat(33))).toBeUndefined()
  })

  it('accepts 32 characters and refuses 33', () => {
    expect(normalizeNickname('a'.repeat(32))).toBe('a'.repeat(32))
    expect(normalizeNickname('a'.repeat(33))).toBeUndefined()
  })

  it('refuses empty, blank and control-character nicknames', () => {
    expect(normalizeNickname('')).toBeUndefined()
    expect(normalizeNickname(' \t ')).toBeUndefined()
    expect(normalizeNickname('a\u0000b')).toBeUndefined()
    expect(normalizeNickname('line\nbreak')).toBeUndefined()
  })
})

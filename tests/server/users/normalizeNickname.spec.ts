import { describe, expect, it } from 'vitest'
import { checkNickname, normalizeNickname } from '../../../server/users/normalizeNickname'
import { ACCEPTED_NICKNAMES, REFUSED_NICKNAMES } from '../../../packages/wx-login-state/tests/profile/nicknameCases'

describe('normalizeNickname', () => {
  it.each(ACCEPTED_NICKNAMES)('accepts %j as %j', (input, stored) => {
    expect(normalizeNickname(input)).toBe(stored)
  })

  it.each(REFUSED_NICKNAMES)('refuses %j (%s)', (input) => {
    expect(normalizeNickname(input)).toBeUndefined()
  })

  it('names the reason of a refusal', () => {
    expect(checkNickname('abc\u202egnp.exe')).toEqual({ ok: false, problem: 'invisible_characters' })
    expect(checkNickname('\u3164')).toEqual({ ok: false, problem: 'nothing_visible' })
    expect(checkNickname('x\u0300\u0301\u0302\u0303\u0304')).toEqual({ ok: false, problem: 'too_many_marks' })
    expect(checkNickname('a'.repeat(33))).toEqual({ ok: false, problem: 'too_long' })
  })
})

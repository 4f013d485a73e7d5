import { describe, expect, it } from 'vitest'
import { checkNickname } from '@/src/app/checkNickname'
import { ACCEPTED_NICKNAMES, REFUSED_NICKNAMES } from '../../support/nicknameCases'

// The same examples as the backend's tests (tests/server/users/normalizeNickname.spec.ts), so the two agree.
describe('checkNickname', () => {
  it.each(ACCEPTED_NICKNAMES)('accepts %j as %j, as the backend does', (input, stored) => {
    expect(checkNickname(input)).toEqual({ ok: true, nickname: stored })
  })

  it.each(REFUSED_NICKNAMES)('refuses %j (%s), as the backend does', (input) => {
    expect(checkNickname(input).ok).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { NICKNAME_HINTS } from '@/src/app/nicknameHints'

describe('NICKNAME_HINTS', () => {
  it('tells the user the limit the library checks', () => {
    expect(NICKNAME_HINTS.too_long).toBe('昵称需为 1–32 个字符')
  })

  it('has a hint in Chinese for every reason a nickname is refused', () => {
    for (const hint of Object.values(NICKNAME_HINTS)) expect(hint).toMatch(/[\u4e00-\u9fff]/)
    expect(Object.keys(NICKNAME_HINTS).sort()).toEqual(['empty', 'invisible_characters', 'nothing_visible', 'too_long', 'too_many_marks'])
  })
})

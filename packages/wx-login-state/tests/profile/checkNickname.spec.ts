import { afterEach, describe, expect, it, vi } from 'vitest'
import { checkNickname, NICKNAME_MAX_CHARS } from '../../src/profile/checkNickname'
import { ACCEPTED_NICKNAMES, REFUSED_NICKNAMES } from './nicknameCases'

describe('checkNickname', () => {
  it.each(ACCEPTED_NICKNAMES)('accepts %j as %j', (input, stored) => {
    expect(checkNickname(input)).toEqual({ ok: true, nickname: stored })
  })

  it.each(REFUSED_NICKNAMES)('refuses %j (%s)', (input) => {
    expect(checkNickname(input).ok).toBe(false)
  })

  it('names the reason of a refusal', () => {
    expect(checkNickname('')).toEqual({ ok: false, problem: 'empty' })
    expect(checkNickname('abc\u202egnp.exe')).toEqual({ ok: false, problem: 'invisible_characters' })
    expect(checkNickname('\u3164')).toEqual({ ok: false, problem: 'nothing_visible' })
    expect(checkNickname('x\u0300\u0301\u0302\u0303\u0304')).toEqual({ ok: false, problem: 'too_many_marks' })
    expect(checkNickname('a'.repeat(NICKNAME_MAX_CHARS + 1))).toEqual({ ok: false, problem: 'too_long' })
  })
})

describe('checkNickname on a runtime without Intl.Segmenter', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.resetModules()
  })

  async function withoutSegmenter(): Promise<typeof checkNickname> {
    vi.stubGlobal('Intl', { ...Intl, Segmenter: undefined })
    vi.resetModules()
    return (await import('../../src/profile/checkNickname')).checkNickname
  }

  it('loads, and agrees on every example', async () => {
    const check = await withoutSegmenter()
    for (const [input, stored] of ACCEPTED_NICKNAMES) expect(check(input), input).toEqual({ ok: true, nickname: stored })
    for (const [input] of REFUSED_NICKNAMES) expect(check(input).ok, input).toBe(false)
  })

  it('counts emoji sequences, skin tones, flags, keycaps and Hangul syllables as one character each', async () => {
    const check = await withoutSegmenter()
    for (const one of ['👨‍👩‍👧‍👦', '👍🏽', '🇨🇳', '1️⃣', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '\u1100\u1161\u11a8', 'e\u0301\u0302']) {
      expect(check(one.repeat(NICKNAME_MAX_CHARS)).ok, one).toBe(true)
      expect(check(one.repeat(NICKNAME_MAX_CHARS + 1)), one).toEqual({ ok: false, problem: 'too_long' })
    }
  })
})

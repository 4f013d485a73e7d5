/** The longest nickname, in user-perceived characters. */
export const NICKNAME_MAX_CHARS = 32

/** The most combining marks one character may carry; more is "Zalgo" text that spills over neighbouring lines. */
export const NICKNAME_MAX_MARKS_PER_CHAR = 4

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * Code points that must never be in a nickname: controls, lone surrogates and
 * format characters (bidi overrides and isolates such as U+202E and U+2066, zero-width spaces and joiners, the
 * BOM, soft hyphen). Joiners and tag characters are allowed back inside an emoji sequence (see below).
 */
const FORBIDDEN = /[\p{Cc}\p{Cs}\p{Cf}]/u

/** What an emoji sequence legitimately contains: ZWJ (families, professions) and tags (subdivision flags). */
const EMOJI_FORMAT = /[\u200d\u{e0020}-\u{e007f}]/gu
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u

/** Characters that render as nothing although Unicode does not class them as spaces or marks. */
const BLANK_LOOKING = /\u115f|\u1160|\u3164|\uffa0|\u2800|\u034f|\u17b4|\u17b5|\u180e/gu

/** Why a nickname was refused; the route answers every reason with `400 invalid_nickname`. */
export type NicknameProblem = 'empty' | 'too_long' | 'invisible_characters' | 'too_many_marks' | 'nothing_visible'

/** The outcome of {@link checkNickname}. */
export type NicknameCheck = { ok: true; nickname: string } | { ok: false; problem: NicknameProblem }

/**
 * Checks a nickname the way it will be shown: NFC-normalised and trimmed; 1 to {@link NICKNAME_MAX_CHARS}
 * characters as people see them (grapheme clusters: "小明" is 2, a family emoji is 1); no controls, lone
 * surrogates, bidi overrides, zero-width or other invisible format characters (outside emoji sequences); at most
 * {@link NICKNAME_MAX_MARKS_PER_CHAR} combining marks per character; and at least one visible character.
 * The client library's demo applies the same rules before the round trip (src/app/checkNickname.ts).
 */
export function checkNickname(input: string): NicknameCheck {
  // A lone surrogate would make normalize() keep garbage; refuse before touching it.
  if (/\p{Cs}/u.test(input)) return { ok: false, problem: 'invisible_characters' }
  const nickname = input.normalize('NFC').trim()
  if (nickname === '') return { ok: false, problem: 'empty' }
  let count = 0
  for (const { segment } of graphemes.segment(nickname)) {
    if (++count > NICKNAME_MAX_CHARS) return { ok: false, problem: 'too_long' }
    const outsideEmoji = PICTOGRAPHIC.test(segment) ? segment.replace(EMOJI_FORMAT, '') : segment
    if (FORBIDDEN.test(outsideEmoji)) return { ok: false, problem: 'invisible_characters' }
    if ((segment.match(/\p{M}/gu)?.length ?? 0) > NICKNAME_MAX_MARKS_PER_CHAR) return { ok: false, problem: 'too_many_marks' }
  }
  const visible = nickname.replace(BLANK_LOOKING, '').replace(/[\p{Z}\p{M}\s]/gu, '')
  if (visible === '') return { ok: false, problem: 'nothing_visible' }
  return { ok: true, nickname }
}

/** {@link checkNickname}'s nickname, or undefined when it is refused. */
export function normalizeNickname(input: string): string | undefined {
  const result = checkNickname(input)
  return result.ok ? result.nickname : undefined
}

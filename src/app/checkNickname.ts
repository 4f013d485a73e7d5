/** The longest nickname, in characters as people see them; the backend's limit (docs/api.md). */
export const NICKNAME_MAX_CHARS = 32

/** The most combining marks one character may carry, as on the backend. */
export const NICKNAME_MAX_MARKS_PER_CHAR = 4

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
const FORBIDDEN = /[\p{Cc}\p{Cs}\p{Cf}]/u
const EMOJI_FORMAT = /[\u200d\u{e0020}-\u{e007f}]/gu
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u
const BLANK_LOOKING = /\u115f|\u1160|\u3164|\uffa0|\u2800|\u034f|\u17b4|\u17b5|\u180e/gu

/** Why a nickname would be refused with `invalid_nickname`. */
export type NicknameProblem = 'empty' | 'too_long' | 'invisible_characters' | 'too_many_marks' | 'nothing_visible'

/** What the profile page tells the user for each {@link NicknameProblem}. */
export const NICKNAME_HINTS: Record<NicknameProblem, string> = {
  empty: '请填写昵称',
  too_long: `昵称需为 1–${NICKNAME_MAX_CHARS} 个字符`,
  invisible_characters: '昵称不能包含控制字符、方向控制符或不可见字符',
  too_many_marks: '昵称中的附加符号过多',
  nothing_visible: '昵称需要至少一个可见字符',
}

/**
 * The backend's nickname rules, applied before the round trip so the user learns at once: NFC-normalised and
 * trimmed; 1 to {@link NICKNAME_MAX_CHARS} characters as people see them; no controls, lone surrogates, bidi
 * controls, zero-width or other format characters outside emoji sequences; at most
 * {@link NICKNAME_MAX_MARKS_PER_CHAR} combining marks per character; something visible. Returns the nickname as
 * the backend will store it, or the problem. The backend (server/users/normalizeNickname.ts) stays the authority.
 */
export function checkNickname(input: string): { ok: true; nickname: string } | { ok: false; problem: NicknameProblem } {
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
  if (nickname.replace(BLANK_LOOKING, '').replace(/[\p{Z}\p{M}\s]/gu, '') === '') return { ok: false, problem: 'nothing_visible' }
  return { ok: true, nickname }
}

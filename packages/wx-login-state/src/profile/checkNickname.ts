/** The longest nickname, in characters as people see them (grapheme clusters): the HTTP contract's limit. */
export const NICKNAME_MAX_CHARS = 32

/** The most combining marks one character may carry; more is "Zalgo" text that spills over neighbouring lines. */
export const NICKNAME_MAX_MARKS_PER_CHAR = 4

/** Why a nickname is refused; a backend following the contract answers each with `400 invalid_nickname`. */
export type NicknameProblem = 'empty' | 'too_long' | 'invisible_characters' | 'too_many_marks' | 'nothing_visible'

/** The outcome of {@link checkNickname}: the nickname as it will be stored, or why it is refused. */
export type NicknameCheck = { ok: true; nickname: string } | { ok: false; problem: NicknameProblem }

/**
 * Code points that must never be in a nickname: controls, lone surrogates and format characters (bidi overrides
 * and isolates such as U+202E and U+2066, zero-width spaces and joiners, the BOM, soft hyphen). Joiners and tag
 * characters are allowed back inside an emoji sequence.
 */
const FORBIDDEN = /[\p{Cc}\p{Cs}\p{Cf}]/u
/** What an emoji sequence legitimately contains: ZWJ (families, professions) and tags (subdivision flags). */
const EMOJI_FORMAT = /[\u200d\u{e0020}-\u{e007f}]/gu
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u
/** Characters that render as nothing although Unicode does not class them as spaces or marks. */
const BLANK_LOOKING = /\u115f|\u1160|\u3164|\uffa0|\u2800|\u034f|\u17b4|\u17b5|\u180e/gu
/** Code points that extend the character before them, for runtimes without `Intl.Segmenter`. */
const EXTENDS = /\p{M}|\u200d|[\u{1f3fb}-\u{1f3ff}]|[\u{e0020}-\u{e007f}]|[\u1160-\u11ff]/u
const REGIONAL_INDICATOR = /[\u{1f1e6}-\u{1f1ff}]/u

interface SegmenterLike {
  segment(input: string): Iterable<{ segment: string }>
}

let segmenter: SegmenterLike | undefined

/**
 * The runtime's grapheme segmenter, created on first use (not at import: a runtime without `Intl.Segmenter`,
 * such as some WeChat Android versions, must still load the library). Without one, clusters are approximated:
 * marks, joiners and what follows a joiner, skin tones, tags, Hangul vowels and trailing consonants, and regional
 * indicator pairs join the character before them. That counts emoji, accents, Hangul and flags as the segmenter
 * does; Indic conjuncts may count a character or two more. The backend stays the authority.
 */
function graphemes(input: string): Iterable<{ segment: string }> {
  const Segmenter = (Intl as { Segmenter?: new (locale: undefined, options: { granularity: 'grapheme' }) => SegmenterLike }).Segmenter
  if (Segmenter !== undefined) {
    segmenter ??= new Segmenter(undefined, { granularity: 'grapheme' })
    return segmenter.segment(input)
  }
  const clusters: { segment: string }[] = []
  let joined = false
  for (const cp of input) {
    const last = clusters[clusters.length - 1]
    const pairsFlag = last !== undefined && REGIONAL_INDICATOR.test(cp) && [...last.segment].length === 1 && REGIONAL_INDICATOR.test(last.segment)
    if (last !== undefined && (joined || EXTENDS.test(cp) || pairsFlag)) last.segment += cp
    else clusters.push({ segment: cp })
    joined = cp === '\u200d'
  }
  return clusters
}

/**
 * Checks a nickname the way it will be shown, by the rules of the HTTP contract (docs/api.md): NFC-normalised and
 * trimmed; 1 to {@link NICKNAME_MAX_CHARS} characters as people see them ("小明" is 2, a family emoji is 1); no
 * controls, lone surrogates, bidi overrides, zero-width or other invisible format characters (outside emoji
 * sequences); at most {@link NICKNAME_MAX_MARKS_PER_CHAR} combining marks per character; and at least one visible
 * character. The reference backend refuses with the same function, so a page that checks first tells the user at
 * once instead of after a round trip.
 */
export function checkNickname(input: string): NicknameCheck {
  // A lone surrogate would make normalize() keep garbage; refuse before touching it.
  if (/\p{Cs}/u.test(input)) return { ok: false, problem: 'invisible_characters' }
  const nickname = input.normalize('NFC').trim()
  if (nickname === '') return { ok: false, problem: 'empty' }
  let count = 0
  for (const { segment } of graphemes(nickname)) {
    if (++count > NICKNAME_MAX_CHARS) return { ok: false, problem: 'too_long' }
    const outsideEmoji = PICTOGRAPHIC.test(segment) ? segment.replace(EMOJI_FORMAT, '') : segment
    if (FORBIDDEN.test(outsideEmoji)) return { ok: false, problem: 'invisible_characters' }
    if ((segment.match(/\p{M}/gu)?.length ?? 0) > NICKNAME_MAX_MARKS_PER_CHAR) return { ok: false, problem: 'too_many_marks' }
  }
  const visible = nickname.replace(BLANK_LOOKING, '').replace(/[\p{Z}\p{M}\s]/gu, '')
  if (visible === '') return { ok: false, problem: 'nothing_visible' }
  return { ok: true, nickname }
}

/**
 * The nickname rules of the HTTP contract as examples: the library's checkNickname is tested on them with and
 * without `Intl.Segmenter`, and the reference server's route tests use them too.
 */

/** Nicknames both sides accept, with what they become (NFC, trimmed). */
export const ACCEPTED_NICKNAMES: readonly [input: string, stored: string][] = [
  ['小明', '小明'],
  ['  小明\u3000', '小明'],
  ['a'.repeat(32), 'a'.repeat(32)],
  ['👨‍👩‍👧‍👦'.repeat(32), '👨‍👩‍👧‍👦'.repeat(32)],
  ['🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scot', '🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scot'],
  ['1️⃣ 👍🏽', '1️⃣ 👍🏽'],
  ['Ana Li', 'Ana Li'],
  ['e\u0301', '\u00e9'],
  ['Tiếng Việt', 'Tiếng Việt'],
  ['عربي', 'عربي'],
  ['हिन्दी', 'हिन्दी'],
]

/** Nicknames both sides refuse, each with why. */
export const REFUSED_NICKNAMES: readonly [input: string, why: string][] = [
  ['', 'empty'],
  [' \t ', 'blank'],
  ['a'.repeat(33), '33 characters'],
  ['👨‍👩‍👧‍👦'.repeat(33), '33 emoji'],
  ['x'.repeat(10_000), '10,000 characters'],
  ['a\u0000b', 'a control character'],
  ['line\nbreak', 'a line break'],
  ['abc\u202egnp.exe', 'a right-to-left override'],
  ['\u2066x\u2069', 'a bidi isolate'],
  ['a\u200fb', 'a right-to-left mark'],
  ['\u200b\u200b', 'only zero-width spaces'],
  ['a\u200bb', 'a zero-width space'],
  ['a\u200db', 'a joiner outside an emoji'],
  ['na\ufeffme', 'a byte order mark inside'],
  ['so\u00adft', 'a soft hyphen'],
  ['a\ud800b', 'a lone high surrogate'],
  ['a\udc00', 'a lone low surrogate'],
  [('a' + '\u0301'.repeat(30)).repeat(32), '30 combining marks per character'],
  ['x\u0300\u0301\u0302\u0303\u0304', '5 combining marks on one character'],
  ['\u3164\u3164', 'only Hangul fillers'],
  ['\u2800', 'only a blank braille pattern'],
  ['\u0301\u0302', 'only combining marks'],
]

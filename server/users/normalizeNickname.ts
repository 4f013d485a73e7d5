/** The longest nickname, in user-perceived characters. */
export const NICKNAME_MAX_CHARS = 32

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * Trims a nickname and checks its length in characters as people see them (grapheme clusters: "小明" is 2, a
 * family emoji is 1), not bytes or UTF-16 units. Returns the trimmed nickname, or undefined when it is empty,
 * longer than {@link NICKNAME_MAX_CHARS} or contains control characters (which would corrupt logs and layouts).
 */
export function normalizeNickname(input: string): string | undefined {
  const nickname = input.trim()
  if (nickname === '' || /\p{Cc}/u.test(nickname)) return undefined
  let count = 0
  for (const _segment of graphemes.segment(nickname)) {
    if (++count > NICKNAME_MAX_CHARS) return undefined
  }
  return nickname
}

// The nickname rules are part of the HTTP contract, so they have one home: the client library, which ships them
// to apps that check before the round trip. The server refuses with the very same function.
import { checkNickname } from '../../packages/wx-login-state/src/entries/nickname'

export { checkNickname, NICKNAME_MAX_CHARS, NICKNAME_MAX_MARKS_PER_CHAR } from '../../packages/wx-login-state/src/entries/nickname'
export type { NicknameCheck, NicknameProblem } from '../../packages/wx-login-state/src/entries/nickname'

/** {@link checkNickname}'s nickname, or undefined when it is refused. */
export function normalizeNickname(input: string): string | undefined {
  const result = checkNickname(input)
  return result.ok ? result.nickname : undefined
}

// The nickname rules are part of the HTTP contract, so they have one home: the client library, which ships them
// to apps that check before the round trip. The server refuses with the very same function, imported through the
// package's public `nickname` entry like any user of it: its sources under tsx, Vitest and type-check (tsconfig
// `paths`), its built entry in the compiled server (`npm run build:server`).
import { checkNickname } from 'wx-login-state/nickname'

export { checkNickname, NICKNAME_MAX_CHARS, NICKNAME_MAX_MARKS_PER_CHAR } from 'wx-login-state/nickname'
export type { NicknameCheck, NicknameProblem } from 'wx-login-state/nickname'

/** {@link checkNickname}'s nickname, or undefined when it is refused. */
export function normalizeNickname(input: string): string | undefined {
  const result = checkNickname(input)
  return result.ok ? result.nickname : undefined
}

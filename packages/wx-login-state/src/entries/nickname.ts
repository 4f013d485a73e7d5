// `wx-login-state/nickname`: the nickname rules, part of the HTTP contract between an app and its backend. Apps
// get them from the root entry too; a backend (the reference server) imports this entry, which loads nothing else.
export { checkNickname, NICKNAME_MAX_CHARS, NICKNAME_MAX_MARKS_PER_CHAR } from '../profile/checkNickname'

export type { NicknameCheck, NicknameProblem } from '../profile/checkNickname'

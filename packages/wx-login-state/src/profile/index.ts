export {
  ANONYMOUS_AVATAR_ID,
  ANONYMOUS_NICKNAME,
  isAnonymousAvatarUrl,
  isAnonymousProfile,
} from './isAnonymousProfile'
export { DEFAULT_PROFILE_DESC, requestLegacyProfile } from './requestLegacyProfile'
export type { ProfileLike } from './isAnonymousProfile'
export type { LegacyProfileResult } from './requestLegacyProfile'
export { checkNickname, NICKNAME_MAX_CHARS, NICKNAME_MAX_MARKS_PER_CHAR } from './checkNickname'
export type { NicknameCheck, NicknameProblem } from './checkNickname'

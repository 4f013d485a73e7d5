import type { Platform } from '../platform/types'
import { PlatformError } from '../platform/platformError'
import { isAnonymousProfile } from './isAnonymousProfile'

/** The outcome of asking for the legacy profile; every branch but `profile` means "use the fill form". */
export type LegacyProfileResult =
  | { kind: 'profile'; nickname: string; avatarUrl: string }
  | { kind: 'anonymous' }
  | { kind: 'unsupported' }
  | { kind: 'denied' }

/** The prompt WeChat shows above the profile sheet; it must say what the profile is for. */
export const DEFAULT_PROFILE_DESC = '用于完善会员资料'

/**
 * Asks for the user's profile through `getUserProfile`, for old base libraries that still return
 * it. Call it straight from a tap handler, before any `await`: WeChat rejects the call otherwise.
 * The anonymous placeholder of current base libraries, a missing API (H5, very old clients) and a
 * refusal all resolve to a non-`profile` kind, so the page simply falls through to the
 * avatar/nickname fill form. Other platform failures reject with the `PlatformError`.
 */
export async function requestLegacyProfile(
  platform: Pick<Platform, 'getUserProfile'>,
  desc: string = DEFAULT_PROFILE_DESC,
): Promise<LegacyProfileResult> {
  let answer
  try {
    answer = await platform.getUserProfile(desc)
  } catch (error) {
    if (error instanceof PlatformError) {
      if (error.kind === 'unsupported') return { kind: 'unsupported' }
      if (error.kind === 'denied' || error.kind === 'aborted') return { kind: 'denied' }
    }
    throw error
  }
  if (isAnonymousProfile(answer)) return { kind: 'anonymous' }
  return { kind: 'profile', nickname: answer.nickName.trim(), avatarUrl: answer.avatarUrl }
}

import { describe, expect, it } from 'vitest'
import { PlatformError } from '../../src/platform/platformError'
import { requestLegacyProfile } from '../../src/profile/requestLegacyProfile'
import { createFakePlatform } from '../../src/testing/fakePlatform'

function throwing(error: unknown) {
  return { getUserProfile: () => Promise.reject(error) }
}

describe('requestLegacyProfile', () => {
  it('falls through to the fill form when WeChat answers with the anonymous profile', async () => {
    const platform = createFakePlatform()

    expect(await requestLegacyProfile(platform)).toEqual({ kind: 'anonymous' })
    expect(platform.calls.getUserProfile).toBe(1)
  })

  it('returns the real profile of an old base library', async () => {
    const platform = createFakePlatform({ profile: { nickName: ' 小明 ', avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/real/132' } })

    expect(await requestLegacyProfile(platform)).toEqual({
      kind: 'profile',
      nickname: '小明',
      avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/real/132',
    })
  })

  it('reports a missing API as unsupported and a refusal as denied', async () => {
    expect(await requestLegacyProfile(throwing(new PlatformError('unsupported', 'getUserProfile:fail not supported')))).toEqual({ kind: 'unsupported' })
    expect(await requestLegacyProfile(throwing(new PlatformError('denied', 'getUserProfile:fail auth deny')))).toEqual({ kind: 'denied' })
  })

  it('rejects with the platform error for any other failure', async () => {
    const error = new PlatformError('failed', 'getUserProfile:fail can only be invoked by user TAP gesture.')
    await expect(requestLegacyProfile(throwing(error))).rejects.toBe(error)
  })

  it('passes a description WeChat accepts (1 to 30 characters)', async () => {
    const platform = createFakePlatform()
    await expect(requestLegacyProfile(platform, 'x'.repeat(31))).rejects.toBeInstanceOf(PlatformError)
    await expect(requestLegacyProfile(platform)).resolves.toEqual({ kind: 'anonymous' })
  })
})

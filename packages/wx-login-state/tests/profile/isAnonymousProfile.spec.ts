import { describe, expect, it } from 'vitest'
import { ANONYMOUS_AVATAR_ID, isAnonymousAvatarUrl, isAnonymousProfile } from '../../src/profile/isAnonymousProfile'

const GREY = `https://thirdwx.qlogo.cn/mmopen/vi_32/${ANONYMOUS_AVATAR_ID}/132`
const REAL = 'https://thirdwx.qlogo.cn/mmopen/vi_32/Q0j4TwGTfTKxyz123realavatar/132'

describe('isAnonymousAvatarUrl', () => {
  it('recognises the grey placeholder in every size, host and scheme variant', () => {
    for (const url of [GREY, GREY.replace('/132', '/0'), GREY.replace('/132', '/46'), GREY.replace('/132', ''),
      GREY.replace('https:', 'http:'), GREY.replace('thirdwx.', 'wx.'), ` ${GREY} `]) {
      expect(isAnonymousAvatarUrl(url), url).toBe(true)
    }
  })

  it('does not mistake a real avatar, another host or a non-string for the placeholder', () => {
    expect(isAnonymousAvatarUrl(REAL)).toBe(false)
    expect(isAnonymousAvatarUrl(`https://evil.example/mmopen/vi_32/${ANONYMOUS_AVATAR_ID}/132`)).toBe(false)
    expect(isAnonymousAvatarUrl(undefined)).toBe(false)
    expect(isAnonymousAvatarUrl(42)).toBe(false)
  })
})

describe('isAnonymousProfile', () => {
  it('flags the answer of current base libraries', () => {
    expect(isAnonymousProfile({ nickName: '微信用户', avatarUrl: GREY })).toBe(true)
  })

  it('flags any one signal on its own', () => {
    expect(isAnonymousProfile({ nickName: ' 微信用户 ', avatarUrl: REAL })).toBe(true)
    expect(isAnonymousProfile({ nickName: '小明', avatarUrl: GREY })).toBe(true)
    expect(isAnonymousProfile({ nickName: '', avatarUrl: REAL })).toBe(true)
    expect(isAnonymousProfile({ nickName: '小明', avatarUrl: REAL, rawData: '{"nickName":"小明","is_demote":true}' })).toBe(true)
  })

  it('accepts a real profile', () => {
    expect(isAnonymousProfile({ nickName: '小明', avatarUrl: REAL, rawData: '{"nickName":"小明"}' })).toBe(false)
    expect(isAnonymousProfile({ nickname: '小红', avatarUrl: REAL })).toBe(false)
  })

  it('treats unparsable rawData as no signal rather than crashing', () => {
    expect(isAnonymousProfile({ nickName: '小明', avatarUrl: REAL, rawData: '{oops' })).toBe(false)
  })
})

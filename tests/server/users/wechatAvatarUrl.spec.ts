import { describe, expect, it } from 'vitest'
import { avatarUrlBuilder } from '../../../server/users/toPublicUser'
import { wechatAvatarUrl } from '../../../server/users/wechatAvatarUrl'

describe('wechatAvatarUrl', () => {
  it('keeps pictures on WeChat\'s avatar hosts', () => {
    expect(wechatAvatarUrl('https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4m/132')).toBe('https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4m/132')
    expect(wechatAvatarUrl('http://wx.qlogo.cn/mmopen/abc/0')).toBe('https://wx.qlogo.cn/mmopen/abc/0')
    expect(wechatAvatarUrl('https://THIRDWX.qlogo.cn/mmopen/a/132')).toBe('https://thirdwx.qlogo.cn/mmopen/a/132')
  })

  it.each([
    '',
    'not a url',
    'https://thirdwx.qlogo.cn@evil.example/x',
    'https://user:pw@thirdwx.qlogo.cn/x',
    'https://169.254.169.254/latest/meta-data/',
    'https://qlogo.cn/x',
    'https://evil.thirdwx.qlogo.cn/x',
    'https://thirdwx.qlogo.cn.evil.example/x',
    'https://thirdwx.qlogo.cn:444/x',
    'ftp://thirdwx.qlogo.cn/x',
    'https://thirdwx.qlogo.cn/x y',
    'https://thirdwx.qlogo.cn/"onerror="x',
    'https://thirdwx.qlogo.cn/<svg/onload=x>',
    `https://thirdwx.qlogo.cn/${'a'.repeat(500)}`,
  ])('refuses %j', (raw) => {
    expect(wechatAvatarUrl(raw)).toBeUndefined()
  })
})

describe('avatarUrlBuilder', () => {
  it('builds uploads on PUBLIC_URL and hands out a stored absolute avatar only on WeChat\'s hosts', () => {
    const url = avatarUrlBuilder('https://api.example.com', () => undefined)
    expect(url('/uploads/a.png')).toBe('https://api.example.com/uploads/a.png')
    expect(url('https://thirdwx.qlogo.cn/mmopen/a/132')).toBe('https://thirdwx.qlogo.cn/mmopen/a/132')
    // Stored before the host check existed.
    expect(url('https://169.254.169.254/x')).toBe('')
    expect(url('javascript:alert(1)')).toBe('')
    expect(url('')).toBe('')
  })
})

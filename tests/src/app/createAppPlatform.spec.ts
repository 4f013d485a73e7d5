import { describe, expect, it } from 'vitest'
import { createAppPlatform } from '@/src/app/createAppPlatform'
import { createFakePlatform } from '@/src/auth/testing/fakePlatform'

const base = { apiBaseURL: 'http://127.0.0.1:3000', emulatorBaseURL: 'http://127.0.0.1:3000', uniPlatform: 'h5' } as const

describe('createAppPlatform', () => {
  it('uses the plain platform unless the emulator is configured', () => {
    const platform = createFakePlatform()
    expect(createAppPlatform({ ...base, loginAdapter: 'wechat' }, platform)).toBe(platform)
  })

  it('builds the uni platform for the configured target', () => {
    expect(createAppPlatform({ ...base, loginAdapter: 'wechat' }).kind).toBe('h5')
    expect(createAppPlatform({ ...base, uniPlatform: 'mp-weixin', loginAdapter: 'wechat' }).kind).toBe('mp-weixin')
  })

  it('wraps the platform in the emulator adapter when configured', () => {
    const platform = createFakePlatform()
    const chosen = createAppPlatform({ ...base, loginAdapter: 'emulator' }, platform)
    expect(chosen.kind).toBe('h5-emulator')
    expect(chosen.dev).toBeDefined()
    expect(chosen.storage).toBe(platform.storage)
  })
})

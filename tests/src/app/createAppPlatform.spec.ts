import { describe, expect, it } from 'vitest'
import { ConfigError } from '@/src/app/config'
import { createAppPlatform } from '@/src/app/createAppPlatform'
import { createEmulatorPlatform } from 'wx-login-state/emulator'
import { createFakePlatform } from 'wx-login-state/testing'

const base = { apiBaseURL: 'http://127.0.0.1:3000', emulatorBaseURL: 'http://127.0.0.1:3000', uniPlatform: 'h5' } as const

describe('createAppPlatform', () => {
  it('uses the plain platform unless the emulator is configured', () => {
    const platform = createFakePlatform({ kind: 'h5' })
    expect(createAppPlatform({ ...base, loginAdapter: 'wechat' }, { base: platform, createEmulator: createEmulatorPlatform })).toBe(platform)
    expect(createAppPlatform({ ...base, loginAdapter: 'wechat' }, { base: platform, createEmulator: undefined })).toBe(platform)
  })

  it('wraps the platform in the emulator adapter when configured', () => {
    const platform = createFakePlatform({ kind: 'h5' })
    const chosen = createAppPlatform({ ...base, loginAdapter: 'emulator' }, { base: platform, createEmulator: createEmulatorPlatform })
    expect(chosen).not.toBe(platform)
    expect(chosen.kind).toBe('h5')
    expect(chosen.dev).toBeDefined()
    expect(chosen.storage).toBe(platform.storage)
  })

  it('refuses the emulator in a build made without it instead of logging in for real', () => {
    const platform = createFakePlatform({ kind: 'h5' })
    expect(() => createAppPlatform({ ...base, loginAdapter: 'emulator' }, { base: platform, createEmulator: undefined })).toThrow(ConfigError)
  })
})

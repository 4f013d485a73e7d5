import { describe, expect, it } from 'vitest'
import { ConfigError } from '@/src/app/config'
import { chooseWeChatWebPlatform } from '@/src/app/chooseWeChatWebPlatform'
import type { AppConfig } from '@/src/app/config'
import { createAppPlatform } from '@/src/app/createAppPlatform'
import type { Platform } from 'wx-login-state'
import type { WebRuntime } from 'wx-login-state/wechat-web'
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

describe('createAppPlatform in an H5 build', () => {
  const wechatWeb = { appid: 'wxdemooa00000000', authorizeURL: 'http://127.0.0.1:3000/connect/oauth2/authorize' }
  function runtimeWith(userAgent: string): WebRuntime {
    return {
      userAgent: () => userAgent,
      href: () => 'http://127.0.0.1:5173/#/',
      replaceURL: () => {},
      navigate: () => {},
      session: { get: () => null, set: () => {}, remove: () => {} },
      randomState: () => 'S',
    }
  }
  const chooser = (userAgent: string) => (config: AppConfig, platform: Platform) => chooseWeChatWebPlatform(config, platform, runtimeWith(userAgent))
  const deps = (userAgent: string) => ({ base: createFakePlatform({ kind: 'h5' }), createEmulator: createEmulatorPlatform, chooseWeb: chooser(userAgent) })

  it("picks the web OAuth adapter inside WeChat's browser when an official account is configured", () => {
    const chosen = createAppPlatform({ ...base, loginAdapter: 'emulator', wechatWeb }, deps('Mozilla/5.0 MicroMessenger/8.0'))
    expect(chosen.kind).toBe('h5-wechat')
    expect(typeof chosen.takeRedirectResult).toBe('function')
  })

  it("keeps the emulator or the plain platform outside WeChat's browser, without an official account, or on mp-weixin", () => {
    expect(createAppPlatform({ ...base, loginAdapter: 'emulator', wechatWeb }, deps('Mozilla/5.0 Chrome/126')).dev).toBeDefined()
    expect(createAppPlatform({ ...base, loginAdapter: 'wechat', wechatWeb }, deps('Mozilla/5.0 Chrome/126')).kind).toBe('h5')
    expect(createAppPlatform({ ...base, loginAdapter: 'wechat' }, deps('MicroMessenger/8.0')).kind).toBe('h5')
    expect(createAppPlatform({ ...base, uniPlatform: 'mp-weixin', loginAdapter: 'wechat', wechatWeb }, deps('MicroMessenger/8.0')).kind).not.toBe('h5-wechat')
  })
})

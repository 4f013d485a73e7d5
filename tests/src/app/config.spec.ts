import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from '@/src/app/config'

describe('readConfig', () => {
  it('reads the API base and defaults to real WeChat login', () => {
    expect(readConfig({ VITE_API_BASE_URL: 'https://api.example.com/' })).toEqual({
      apiBaseURL: 'https://api.example.com',
      loginAdapter: 'wechat',
      emulatorBaseURL: 'https://api.example.com',
      uniPlatform: 'mp-weixin',
    })
  })

  it('takes the build target from UNI_PLATFORM', () => {
    expect(readConfig({ VITE_API_BASE_URL: 'http://x', UNI_PLATFORM: 'h5' }).uniPlatform).toBe('h5')
    expect(readConfig({ VITE_API_BASE_URL: 'http://x', UNI_PLATFORM: 'mp-weixin' }).uniPlatform).toBe('mp-weixin')
    expect(() => readConfig({ VITE_API_BASE_URL: 'http://x', UNI_PLATFORM: 'app' })).toThrow(/mp-weixin and h5 only/)
  })

  it('selects the emulator adapter, at the API origin unless told otherwise', () => {
    expect(readConfig({ VITE_API_BASE_URL: 'http://127.0.0.1:3000', VITE_LOGIN_ADAPTER: 'emulator' }).emulatorBaseURL).toBe('http://127.0.0.1:3000')
    expect(
      readConfig({ VITE_API_BASE_URL: 'http://127.0.0.1:3000', VITE_LOGIN_ADAPTER: 'emulator', VITE_EMULATOR_BASE_URL: 'http://127.0.0.1:4000' }),
    ).toMatchObject({ loginAdapter: 'emulator', emulatorBaseURL: 'http://127.0.0.1:4000' })
  })

  it('fails fast with a message naming the variable', () => {
    expect(() => readConfig({})).toThrow(/VITE_API_BASE_URL is not set/)
    expect(() => readConfig({ VITE_API_BASE_URL: 'api.example.com' })).toThrow(ConfigError)
    expect(() => readConfig({ VITE_API_BASE_URL: 'http://x', VITE_LOGIN_ADAPTER: 'fake' })).toThrow(/VITE_LOGIN_ADAPTER/)
    expect(() => readConfig({ VITE_API_BASE_URL: 'http://x', VITE_EMULATOR_BASE_URL: 'ftp://x' })).toThrow(/VITE_EMULATOR_BASE_URL/)
  })
})

import { describe, expect, it } from 'vitest'

describe('the public entry point', () => {
  it('loads without a uni global and keeps test doubles out of the app entry', async () => {
    expect((globalThis as { uni?: unknown }).uni).toBeUndefined()
    const lib: Record<string, unknown> = await import('@/src/auth')
    for (const name of ['createAuth', 'createUniPlatform', 'createCancelSource', 'isAuthError', 'LoginFailedError', 'parseUser']) {
      expect(typeof lib[name]).toBe('function')
    }
    expect(Object.keys(lib).filter((k) => /fake/i.test(k))).toEqual([])
    const testing: Record<string, unknown> = await import('@/src/auth/testing')
    expect(typeof testing['createFakePlatform']).toBe('function')
  })
})

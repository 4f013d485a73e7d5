import { vi } from 'vitest'
import type { TestWorld } from '../src/app/testWorld'

/** The global `uni` of a page test: the world's model of uni's API layer plus `showToast`. */
export function stubUni(world: TestWorld): { showToast: ReturnType<typeof vi.fn> } {
  const showToast = vi.fn()
  vi.stubGlobal('uni', {
    request: (options: Record<string, unknown>) => world.uni.request(options),
    uploadFile: (options: Record<string, unknown>) => world.uni.uploadFile(options),
    showToast,
  })
  return { showToast }
}

/**
 * Gives a page test a fresh module graph in which `@/src/app/auth` (the app's wiring) runs on a new
 * fake platform and in-memory backend instead of `uni`. The world is built after
 * `vi.resetModules()`, so the page and the world share one copy of the library and `instanceof`
 * checks on its errors hold. Like the real `auth.ts`, it installs the request interceptor, so the
 * pages' own `uni.request` calls carry the session.
 */
export async function freshAppWorld(): Promise<TestWorld> {
  vi.resetModules()
  const { createTestWorld } = await import('../src/app/testWorld')
  const world = createTestWorld()
  const { installRequestInterceptor } = await import('wx-login-state')
  installRequestInterceptor(world.auth)
  vi.doMock('@/src/app/auth', () => ({
    auth: world.auth,
    config: { apiBaseURL: 'http://127.0.0.1:3000', loginAdapter: 'wechat', emulatorBaseURL: 'http://127.0.0.1:3000' },
  }))
  return world
}

import { vi } from 'vitest'
import type { TestWorld } from '../src/app/testWorld'

/**
 * Gives a page test a fresh module graph in which `@/src/app/auth` (the app's wiring) runs on a new
 * fake platform and in-memory backend instead of `uni`. The world is built after
 * `vi.resetModules()`, so the page and the world share one copy of the library and `instanceof`
 * checks on its errors hold.
 */
export async function freshAppWorld(): Promise<TestWorld> {
  vi.resetModules()
  const { createTestWorld } = await import('../src/app/testWorld')
  const world = createTestWorld()
  vi.doMock('@/src/app/auth', () => ({
    auth: world.auth,
    config: { apiBaseURL: 'http://127.0.0.1:3000', loginAdapter: 'wechat', emulatorBaseURL: 'http://127.0.0.1:3000' },
  }))
  return world
}

import type { Platform } from 'wx-login-state'
import { withFakeUniRuntime, type FakeUni, type FakeUniRuntime } from 'wx-login-state/testing'

/**
 * Puts the model of uni's API layer (its interceptor queue, callback and promise styles) in front of
 * a bench device's platform and makes it the global `uni`, which alova's uni adapter and luch-request
 * call at request time. Clients are created one after the other and each measured client is the last
 * one created, so the global always belongs to the client being measured.
 */
export function installBenchUni(platform: Platform): FakeUniRuntime {
  const runtime = withFakeUniRuntime(platform)
  ;(globalThis as { uni?: FakeUni }).uni = runtime.uni
  return runtime
}

import { createAuth, type Auth } from 'wx-login-state'
import {
  createFakeBackend,
  createFakePlatform,
  withFakeUniRuntime,
  type FakeBackend,
  type FakePlatform,
  type FakePlatformOptions,
  type FakeUni,
} from 'wx-login-state/testing'

/** A fresh library instance over the fake platform, with the in-memory backend answering its requests. */
export interface TestWorld {
  platform: FakePlatform
  backend: FakeBackend
  auth: Auth
  /** The model of uni's API layer in front of `platform`: what the app's own `uni.request` calls reach. */
  uni: FakeUni
}

/** Builds a {@link TestWorld}; every call is independent, so each test starts from scratch. */
export function createTestWorld(options: FakePlatformOptions = {}): TestWorld {
  const platform = createFakePlatform(options)
  const backend = createFakeBackend(platform)
  platform.handler = backend.handle
  const runtime = withFakeUniRuntime(platform)
  const auth = createAuth({ platform: runtime.platform, baseURL: 'http://127.0.0.1:3000' })
  return { platform, backend, auth, uni: runtime.uni }
}

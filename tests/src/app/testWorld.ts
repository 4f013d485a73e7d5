import { createAuth, type Auth } from 'wx-login-state'
import { createFakeBackend, type FakeBackend, createFakePlatform, type FakePlatform, type FakePlatformOptions } from 'wx-login-state/testing'

/** A fresh library instance over the fake platform, with the in-memory backend answering its requests. */
export interface TestWorld {
  platform: FakePlatform
  backend: FakeBackend
  auth: Auth
}

/** Builds a {@link TestWorld}; every call is independent, so each test starts from scratch. */
export function createTestWorld(options: FakePlatformOptions = {}): TestWorld {
  const platform = createFakePlatform(options)
  const backend = createFakeBackend(platform)
  platform.handler = backend.handle
  const auth = createAuth({ platform, baseURL: 'http://127.0.0.1:3000' })
  return { platform, backend, auth }
}

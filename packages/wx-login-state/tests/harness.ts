import { expect } from 'vitest'
import { DEFAULT_ENDPOINTS, type AuthOptions } from '../src/authOptions'
import { createBackendClient } from '../src/backend/backendClient'
import { createReferenceBackend } from '../src/backend/referenceBackend'
import { createAuth } from '../src/createAuth'
import { createFakeBackend, type FakeBackend } from '../src/testing/fakeBackend'
import { createFakePlatform, type FakePlatform, type FakePlatformOptions } from '../src/testing/fakePlatform'
import { createSessionManager, type SessionManagerOptions, type SessionParts } from '../src/session/sessionManager'
import type { StoredSession } from '../src/session/types'
import { normaliseHooks } from '../src/transport/hooks'
import { createSender } from '../src/transport/sender'

export const BASE_URL = 'http://127.0.0.1:3000'
export const STORAGE_KEY = 'wx-login-state:session'

/** A fresh fake platform with the fake backend installed as its transport. */
export function createWorld(options: FakePlatformOptions = {}): { platform: FakePlatform; backend: FakeBackend } {
  const platform = createFakePlatform(options)
  const backend = createFakeBackend(platform)
  platform.handler = backend.handle
  return { platform, backend }
}

/** `createAuth` over `platform` with the test base URL. */
export function authFor(platform: FakePlatform, options: Partial<AuthOptions> & { backend?: undefined } = {}) {
  return createAuth({ platform, baseURL: BASE_URL, ...options })
}

/**
 * A session manager wired as `createAuth` wires it, with its internal token view: for the tests of
 * `getToken` / `handleExpired`, which the public `auth.session` does not carry.
 */
export function sessionFor(platform: FakePlatform, options: Partial<SessionManagerOptions> = {}): SessionParts {
  return createSessionManager({
    platform,
    sender: createSender(platform, normaliseHooks(undefined)),
    backend: createBackendClient(createReferenceBackend(DEFAULT_ENDPOINTS), BASE_URL),
    ...options,
  })
}

/** Logs in once on a throwaway instance so that `platform`'s storage holds a valid session, as after an earlier launch. */
export async function persistedSession(platform: FakePlatform): Promise<StoredSession> {
  const auth = authFor(platform)
  await auth.session.ready()
  const user = await auth.session.login()
  const stored = platform.storage.get(STORAGE_KEY) as StoredSession
  expect(stored.user).toEqual(user)
  return stored
}

/** Counts the transport calls made to `path`. */
export function callsTo(platform: FakePlatform, path: string): number {
  return platform.transportLog.filter((c) => new URL(c.url).pathname === path).length
}

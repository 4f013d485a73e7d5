import { createFakeBackend, createFakePlatform } from 'wx-login-state/testing'
import type { RoundTripBackend } from './roundTripBackend'

/** The fake backend's default absolute session lifetime (2 hours), plus a minute. */
const PAST_EXPIRY_MS = 2 * 3_600_000 + 60_000

/**
 * The in-memory backend: every device gets its own fake platform (fake WeChat, fake clock, fake
 * storage) with the library's fake backend as its transport, so a round trip costs no I/O and the
 * counts are the client's alone.
 */
export function fakeRoundTripBackend(): RoundTripBackend {
  return {
    name: 'fake platform',
    baseURL: 'http://fake.invalid',
    newDevice() {
      const platform = createFakePlatform()
      const backend = createFakeBackend(platform)
      platform.handler = backend.handle
      return {
        platform,
        passTime: async () => platform.clock.advance(PAST_EXPIRY_MS),
        dropServerSessions: async () => backend.forgetAllSessions(),
      }
    },
    close: async () => undefined,
  }
}

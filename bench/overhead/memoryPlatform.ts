import type { Platform, TransportRequest, TransportResponse } from 'wx-login-state/platform'
import type { BuiltLibrary } from './builtLibrary'

/** An in-memory transport for the overhead bench: a platform plus a token its backend accepts. */
export interface MemoryTransport {
  platform: Platform
  /** A token the backend accepts; valid once the client logged in. */
  token(): string
}

/**
 * The library's own in-memory transport: the fake platform (wire copies of bodies, a timeout timer
 * per call on the fake clock) with the fake backend behind it (routing, token lookup), i.e. a
 * transport that does the work a transport does, without I/O.
 */
export function fakeBackendTransport(lib: BuiltLibrary): MemoryTransport {
  const platform = lib.createFakePlatform()
  const backend = lib.createFakeBackend(platform)
  platform.handler = backend.handle
  return {
    platform,
    token() {
      const token = backend.activeTokens()[0]
      if (token === undefined) throw new Error('fakeBackendTransport: log in before asking for a token')
      return token
    },
  }
}

const USER = { id: 'u_1', openid: 'o_bench', nickname: '', avatarUrl: '', createdAt: 1_700_000_000_000 }
const LOGIN: TransportResponse = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  data: { token: 'bench-token-0123456789abcdefghijklmnopqrstuv', expiresAt: Number.MAX_SAFE_INTEGER, user: USER },
}
const ME: TransportResponse = { status: 200, headers: { 'content-type': 'application/json' }, data: { user: USER } }

/**
 * The cheapest possible transport: an already-built response in a resolved promise, no copying, no
 * timers. It is the worst case for a ratio (the denominator is almost nothing), so the bench uses it
 * to show the client's absolute cost per request.
 */
export function zeroWorkTransport(lib: BuiltLibrary): MemoryTransport {
  const platform = lib.createFakePlatform()
  platform.request = (req: TransportRequest) => Promise.resolve(req.url.endsWith('/api/auth/login') ? LOGIN : ME)
  return { platform, token: () => 'bench-token-0123456789abcdefghijklmnopqrstuv' }
}

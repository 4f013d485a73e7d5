import type { BackendDescription, Platform } from 'wx-login-state'
import type { CallKind } from '../../testkit/countingPlatform'

/** One phone in the round-trip bench: its platform plus the ways the bench moves its session into a state. */
export interface BenchDevice {
  platform: Platform
  /**
   * Time passes beyond every session's absolute expiry (`expiresAt`) for the server and the device
   * alike: the server rejects the old token and the client can tell from its clock.
   */
  passTime(): Promise<void>
  /** The server forgets every session (idle TTL, or a restart with the memory store); the device's clock stands still. */
  dropServerSessions(): Promise<void>
}

/** A backend that is not the reference contract: the description our clients use and the protected call they make. */
export interface ForeignTarget {
  readonly backend: BackendDescription
  /** The protected business call, e.g. `'/app-api/member/user/get'`. */
  readonly path: string
}

/** What the round-trip bench runs against: the fake platform with its fake backend, the real server, or a preset's test backend. */
export interface RoundTripBackend {
  readonly name: string
  readonly baseURL: string
  /** For a preset's test backend: its description and business call (default the reference contract's `GET /api/me`). */
  readonly target?: ForeignTarget
  /** How its URLs count (default the reference contract's paths). */
  readonly classify?: (url: string) => CallKind
  /** How an expired session with a known client is repaired: `'refresh'` for backends with refresh tokens. */
  readonly repairsBy?: 'login' | 'refresh'
  /** A new phone: empty storage, one WeChat user for every login it makes. */
  newDevice(): BenchDevice
  close(): Promise<void>
}

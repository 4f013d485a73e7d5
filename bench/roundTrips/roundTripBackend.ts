import type { Platform } from 'wx-login-state'

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

/** What the round-trip bench runs against: the fake platform with its fake backend, or the real server. */
export interface RoundTripBackend {
  readonly name: string
  readonly baseURL: string
  /** A new phone: empty storage, one WeChat user for every login it makes. */
  newDevice(): BenchDevice
  close(): Promise<void>
}

import type { Platform } from 'wx-login-state'
import type { ForeignTarget } from './roundTripBackend'

/** One client of the round-trip bench: what an app holds after launch. */
export interface BenchClient {
  /** One protected request, `GET /api/me`; rejects when the client gives up on it. */
  request(): Promise<unknown>
}

/** A way of handling the session on the client: ours, or one of the baseline models. */
export interface ClientStrategy {
  /** The row label in the tables. */
  readonly name: string
  /** Creates a client on a device's platform, as an app does on launch (restoring what storage holds). */
  create(platform: Platform, baseURL: string, target?: ForeignTarget): BenchClient
}

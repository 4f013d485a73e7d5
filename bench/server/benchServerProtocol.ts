/** Messages from the bench to the server child process. */
export type BenchServerCommand =
  | { type: 'codes'; count: number }
  | { type: 'memory' }
  | { type: 'traffic'; reset: boolean }
  | { type: 'close' }

/** Messages from the server child process to the bench. */
export type BenchServerReply =
  | { type: 'ready'; url: string }
  | { type: 'codes'; codes: string[] }
  | { type: 'memory'; heapUsed: number; rss: number }
  /** The server's Redis client traffic since the last reset (all zero on the memory store). */
  | { type: 'traffic'; commands: number; roundTrips: number; replies: number }
  | { type: 'error'; message: string }

/** The route the throughput tables compare against: same app, same plugins, no work. */
export const NOOP_PATH = '/__bench/noop'

/**
 * The route with exactly one store round trip: one key-value GET through the same guarded client the stores use
 * (on Redis one GET, one round trip; on the memory store a map lookup).
 */
export const ONE_ROUND_TRIP_PATH = '/__bench/one-round-trip'

/** Messages from the bench to the server child process. */
export type BenchServerCommand =
  | { type: 'codes'; count: number }
  | { type: 'memory' }
  | { type: 'close' }

/** Messages from the server child process to the bench. */
export type BenchServerReply =
  | { type: 'ready'; url: string }
  | { type: 'codes'; codes: string[] }
  | { type: 'memory'; heapUsed: number; rss: number }
  | { type: 'error'; message: string }

/** The route the throughput tables compare against: same app, same plugins, no work. */
export const NOOP_PATH = '/__bench/noop'

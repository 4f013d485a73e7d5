import { Redis } from 'ioredis'
import { parseRedisUrl } from '../stores/redisUrl'

/** Calls per command name (lower case), summed over every node. */
export type CommandCalls = Record<string, number>

/** Reads `INFO commandstats` text into calls per command (`cmdstat_get:calls=3,…` → `{ get: 3 }`). */
export function parseCommandStats(info: string): CommandCalls {
  const calls: CommandCalls = {}
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    const [, name = '', n = '0'] = match
    calls[name.toLowerCase()] = (calls[name.toLowerCase()] ?? 0) + Number(n)
  }
  return calls
}

/** `after − before` per command, leaving out commands that did not run; the `info` that read them is not counted. */
export function diffCommandCalls(before: CommandCalls, after: CommandCalls): CommandCalls {
  const delta: CommandCalls = {}
  for (const [name, n] of Object.entries(after)) {
    const d = n - (before[name] ?? 0)
    if (d > 0 && name !== 'info') delta[name] = d
  }
  return delta
}

/** The total of a {@link CommandCalls}. */
export function totalCalls(calls: CommandCalls): number {
  return Object.values(calls).reduce((sum, n) => sum + n, 0)
}

/** Reads `INFO commandstats` over a deployment; see {@link commandStatsReader}. */
export interface CommandStatsReader {
  /** Calls per command so far, summed over the nodes. */
  read(): Promise<CommandCalls>
  close(): void
}

/**
 * Reads what Redis itself counted (`INFO commandstats`, which counts the commands a script runs as well as the
 * script call) over every node the `REDIS_URL` designates: the one node, or the seed nodes of a Cluster (give
 * every master). Keeps its own connections open, so between two reads only the client under measurement (and
 * the `info` of the reads, left out by diffCommandCalls) adds calls. Not for Sentinel.
 */
export function commandStatsReader(redisUrl: string): CommandStatsReader {
  const target = parseRedisUrl(redisUrl)
  if (target.mode === 'sentinel') throw new Error('commandStatsReader: Sentinel URLs are not supported')
  const nodes = target.mode === 'cluster' ? target.nodes.map((n) => new Redis(n.port, n.host)) : [new Redis(target.url)]
  return {
    async read() {
      const total: CommandCalls = {}
      for (const node of nodes) {
        for (const [name, n] of Object.entries(parseCommandStats(await node.info('commandstats')))) total[name] = (total[name] ?? 0) + n
      }
      return total
    },
    close() {
      for (const node of nodes) node.disconnect()
    },
  }
}

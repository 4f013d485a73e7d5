import { Cluster } from 'ioredis'
import type { Redis } from 'ioredis'
import type { RedisConnection } from '../stores/redisClient'

/** What a client sent to Redis since it was attached or last reset. */
export interface RedisTrafficCounts {
  /** Commands the client sent (a MULTI … EXEC of two commands is four; a script is one however much it does). */
  commands: number
  /**
   * Writes the client waited on: one per command sent on its own, one per pipeline or MULTI batch. For requests
   * served one at a time this is their number of round trips to Redis.
   */
  roundTrips: number
  /** Replies read (and errors), one per command answered. */
  replies: number
}

/** A live counter of a client's Redis traffic; see {@link countRedisTraffic}. */
export interface RedisTraffic {
  read(): RedisTrafficCounts
  reset(): void
  /** Stops counting (restores the connections' own sendCommand). */
  detach(): void
}

type SendCommand = Redis['sendCommand']

/**
 * Counts the Redis traffic of a client: on a single connection, or on every node connection of a Cluster, the ones
 * it opens later included (ioredis sends every command, pipelined or not, through a connection's sendCommand, and
 * writes a pipeline in one go). For benches and tests that measure round trips per request; it is exact for
 * requests served one at a time and never changes what is sent.
 */
export function countRedisTraffic(client: RedisConnection): RedisTraffic {
  const counts: RedisTrafficCounts = { commands: 0, roundTrips: 0, replies: 0 }
  const restore: Array<() => void> = []
  const batches = new WeakSet<object>()
  const settled = (): void => {
    counts.replies++
  }

  const attach = (connection: Redis): void => {
    const own: SendCommand = connection.sendCommand.bind(connection)
    const counting: SendCommand = (command, stream) => {
      counts.commands++
      if (stream !== undefined && 'isPipeline' in stream && stream.isPipeline) {
        if (!batches.has(stream)) {
          batches.add(stream)
          counts.roundTrips++
        }
      } else {
        counts.roundTrips++
      }
      command.promise.then(settled, settled)
      return own(command, stream)
    }
    connection.sendCommand = counting
    restore.push(() => {
      if (connection.sendCommand === counting) connection.sendCommand = own
    })
  }

  if (client instanceof Cluster) {
    for (const node of client.nodes('all')) attach(node)
    const onNode = (node: Redis): void => attach(node)
    client.on('+node', onNode)
    restore.push(() => client.off('+node', onNode))
  } else {
    attach(client)
  }
  return {
    read: () => ({ ...counts }),
    reset: () => {
      counts.commands = 0
      counts.roundTrips = 0
      counts.replies = 0
    },
    detach: () => {
      for (const undo of restore.splice(0)) undo()
    },
  }
}

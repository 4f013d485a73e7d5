import { Cluster } from 'ioredis'
import type { Redis } from 'ioredis'
import type { RedisConnection } from './redisClient'

/** The connections that hold keys: the client itself, or every master of a Cluster. */
export function keyHolders(redis: RedisConnection): Redis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis]
}

/**
 * Yields the keys matching `pattern` in batches, on one node or on every master of a Cluster (SCAN only sees the
 * node it is sent to), each batch with the node it came from.
 */
export async function* scanKeys(redis: RedisConnection, pattern: string): AsyncGenerator<{ node: Redis; keys: string[] }> {
  for (const node of keyHolders(redis)) {
    for await (const keys of node.scanStream({ match: pattern, count: 1000 })) {
      const batch = keys as string[]
      if (batch.length > 0) yield { node, keys: batch }
    }
  }
}

/** Deletes the keys matching `pattern` everywhere; one DEL per key, since a Cluster refuses DEL across slots. */
export async function deleteMatching(redis: RedisConnection, pattern: string): Promise<void> {
  for await (const { node, keys } of scanKeys(redis, pattern)) {
    const pipeline = node.pipeline()
    for (const key of keys) pipeline.del(key)
    await pipeline.exec()
  }
}

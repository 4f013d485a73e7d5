import { createHash } from 'node:crypto'
import type { RedisConnection } from './redisClient'

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT')
}

/**
 * A Lua script called by its SHA1 (`EVALSHA`: only the digest crosses the wire). When the node does not know it
 * (first call after a restart, a failover or `SCRIPT FLUSH`), Redis answers NOSCRIPT and the script is sent once
 * in full with `EVAL`, which also caches it there; every later call is an EVALSHA again. On a Cluster, the first key
 * picks the node, so every key must share its slot.
 */
export class LuaScript {
  readonly sha: string

  constructor(
    readonly name: string,
    private readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex')
  }

  /** Runs the script with `keys` and `args`; one round trip unless the node has to learn the script first. */
  async run(redis: RedisConnection, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args)
    } catch (error) {
      if (!isNoScript(error)) throw error
      return redis.eval(this.source, keys.length, ...keys, ...args)
    }
  }
}

import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { freePort, startRedis } from './redisServer'
import type { RedisServer } from './redisServer'

/** The master name the test Sentinel monitors. */
export const SENTINEL_MASTER = 'wxls'

/** A real Sentinel-managed Redis on loopback: a master, one replica and one Sentinel, started for tests. */
export interface RedisSentinelSet {
  /** `redis+sentinel://127.0.0.1:<sentinel port>/wxls`, the server's REDIS_URL form. */
  url: string
  sentinelPort: number
  /** The data nodes; which one is master changes on a failover (see {@link RedisSentinelSet.masterPort}). */
  nodes: RedisServer[]
  /** The port the Sentinel currently names as master (`SENTINEL get-master-addr-by-name`). */
  masterPort(): Promise<number>
  /** Waits until the Sentinel names a master other than `oldPort`; rejects after `timeoutMs`. */
  waitForNewMaster(oldPort: number, timeoutMs: number): Promise<number>
  /** Asks the Sentinel for a planned failover (`SENTINEL FAILOVER`): the replica is promoted, the master demoted. */
  failover(): Promise<void>
  /** Blocks until every write the master accepted so far is on the replica (`WAIT 1`). */
  syncReplica(): Promise<void>
  /** Stops the Sentinel and every data node and removes their directories. Safe to call twice. */
  stop(): Promise<void>
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

function admin(port: number): Redis {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  // A node that is down refuses the connection; the callers treat that as an answer.
  client.on('error', () => {})
  return client
}

async function ask<T>(port: number, command: (client: Redis) => Promise<T>): Promise<T | undefined> {
  const client = admin(port)
  try {
    await client.connect()
    return await command(client)
  } catch {
    return undefined
  } finally {
    client.disconnect()
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Starts a master, a replica of it and one Sentinel (`redis-server <conf> --sentinel`, quorum 1, a node is
 * down after 1 s without answers) on free loopback ports, and waits until the Sentinel sees the replica, so a
 * failover can happen. Nothing is persisted. Throws, after stopping what it started, when any step fails; call
 * `stop()` in afterAll.
 */
export async function startRedisSentinel(): Promise<RedisSentinelSet> {
  const dir = mkdtempSync(join(tmpdir(), 'wxls-sentinel-'))
  const nodes: RedisServer[] = []
  let sentinel: ChildProcess | undefined
  const stop = async (): Promise<void> => {
    const running = sentinel
    sentinel = undefined
    running?.kill('SIGTERM')
    if (running !== undefined) await waitForExit(running)
    await Promise.all(nodes.splice(0).map((node) => node.stop()))
    rmSync(dir, { recursive: true, force: true })
  }
  const sentinelPort = await freePort()
  const masterPort = async (): Promise<number> => {
    const reply = await ask(sentinelPort, (c) => c.call('SENTINEL', 'get-master-addr-by-name', SENTINEL_MASTER))
    const port = Array.isArray(reply) ? Number(reply[1]) : Number.NaN
    if (!Number.isInteger(port)) throw new Error(`the Sentinel names no master: ${JSON.stringify(reply)}`)
    return port
  }
  try {
    const master = await startRedis()
    nodes.push(master)
    nodes.push(await startRedis({ args: ['--replicaof', '127.0.0.1', String(master.port)] }))
    const conf = join(dir, 'sentinel.conf')
    // The Sentinel rewrites its own config file, so it lives in the temporary folder.
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${SENTINEL_MASTER} 127.0.0.1 ${master.port} 1`,
        `sentinel down-after-milliseconds ${SENTINEL_MASTER} 1000`,
        `sentinel failover-timeout ${SENTINEL_MASTER} 10000`,
        `sentinel parallel-syncs ${SENTINEL_MASTER} 1`,
        '',
      ].join('\n'),
    )
    let errors = ''
    sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: ['ignore', 'pipe', 'pipe'] })
    sentinel.stdout?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)))
    sentinel.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)))
    for (let attempt = 0; ; attempt++) {
      if (sentinel.exitCode !== null) throw new Error(`the Sentinel exited with ${sentinel.exitCode}: ${errors}`)
      const replicas = await ask(sentinelPort, (c) => c.call('SENTINEL', 'replicas', SENTINEL_MASTER))
      // Each replica is a flat [field, value, …] list; the replica is usable once its link is up.
      const ready = Array.isArray(replicas) && replicas.some((r) => Array.isArray(r) && String(r[r.indexOf('flags') + 1]) === 'slave')
      if (ready) break
      if (attempt >= 400) throw new Error(`the Sentinel did not see the replica: ${JSON.stringify(replicas)}\n${errors}`)
      await sleep(25)
    }
  } catch (error) {
    await stop()
    throw error
  }
  return {
    url: `redis+sentinel://127.0.0.1:${sentinelPort}/${SENTINEL_MASTER}`,
    sentinelPort,
    nodes,
    masterPort,
    async waitForNewMaster(oldPort, timeoutMs) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const port = await masterPort().catch(() => oldPort)
        if (port !== oldPort) return port
        if (Date.now() > deadline) throw new Error(`no failover from port ${oldPort} within ${timeoutMs} ms`)
        await sleep(50)
      }
    },
    async failover() {
      const reply = await ask(sentinelPort, (c) => c.call('SENTINEL', 'FAILOVER', SENTINEL_MASTER))
      if (reply !== 'OK') throw new Error(`SENTINEL FAILOVER answered ${JSON.stringify(reply)}`)
    },
    async syncReplica() {
      const port = await masterPort()
      const acked = await ask(port, (c) => c.call('WAIT', '1', '5000'))
      if (acked !== 1) throw new Error(`the replica did not acknowledge the master's writes (WAIT answered ${String(acked)})`)
    },
    stop,
  }
}

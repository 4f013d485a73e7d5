import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { freePort } from './redisServer'

/** A real Redis Cluster of three masters on loopback, started for tests. */
export interface RedisCluster {
  /** `redis+cluster://127.0.0.1:<p1>,127.0.0.1:<p2>,127.0.0.1:<p3>`, the server's REDIS_URL form. */
  url: string
  ports: number[]
  /** Stops every node (SIGTERM, then waits for exit) and removes the data directory. Safe to call twice. */
  stop(): Promise<void>
}

/** True when both `redis-server` and `redis-cli` (which creates the cluster) are on PATH. */
export function hasRedisClusterTools(): boolean {
  return ['redis-server', 'redis-cli'].every((bin) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0)
}

/**
 * What a suite that needs a cluster does when the tools are missing: on CI (`CI` set) it throws, so the gap cannot
 * pass unnoticed; locally it warns loudly and returns false so the caller can skip.
 */
export function requireRedisClusterOrSkip(suite: string): boolean {
  if (hasRedisClusterTools()) return true
  const message = `[redis] redis-server and redis-cli are needed for ${suite} (apt-get install redis-server).`
  if (process.env.CI !== undefined && process.env.CI !== '') throw new Error(message)
  console.warn(`\n!!! ${message} SKIPPING these tests.\n`)
  return false
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

function run(bin: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(output)
      else reject(new Error(`${bin} ${args.join(' ')} exited with ${String(code)}:\n${output}`))
    })
  })
}

async function clusterState(port: number): Promise<string> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  // A node that is not up yet refuses the connection; that is an answer here, not an error to report.
  client.on('error', () => {})
  try {
    await client.connect()
    return await client.cluster('INFO')
  } catch {
    return ''
  } finally {
    client.disconnect()
  }
}

/**
 * Starts three `redis-server --cluster-enabled yes` on free loopback ports (client and bus ports both chosen
 * free), joins them with `redis-cli --cluster create … --cluster-replicas 0 --cluster-yes`, and waits until every
 * node reports `cluster_state:ok`. Nothing is persisted. Throws, after stopping what it started, when any step
 * fails; call `stop()` in afterAll.
 */
export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'wxls-cluster-'))
  const children: ChildProcess[] = []
  const ports: number[] = []
  const stop = async (): Promise<void> => {
    const running = children.splice(0)
    for (const child of running) child.kill('SIGTERM')
    await Promise.all(running.map(waitForExit))
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    for (let i = 0; i < 3; i++) {
      const port = await freePort()
      const busPort = await freePort()
      ports.push(port)
      const child = spawn(
        'redis-server',
        [
          '--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1', '--dir', dir,
          '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000',
          '--save', '', '--appendonly', 'no', '--daemonize', 'no',
        ],
        { stdio: ['ignore', 'ignore', 'ignore'] },
      )
      children.push(child)
    }
    for (const port of ports) {
      let up = false
      for (let attempt = 0; attempt < 200 && !up; attempt++) {
        up = (await clusterState(port)) !== ''
        if (!up) await new Promise((resolve) => setTimeout(resolve, 25))
      }
      if (!up) throw new Error(`cluster node on port ${port} did not start`)
    }
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], 60_000)
    for (let attempt = 0; ; attempt++) {
      const states = await Promise.all(ports.map(clusterState))
      if (states.every((s) => s.includes('cluster_state:ok'))) break
      if (attempt >= 300) throw new Error(`the cluster did not reach cluster_state:ok:\n${states.join('\n')}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  } catch (error) {
    await stop()
    throw error
  }
  return { url: `redis+cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`, ports, stop }
}

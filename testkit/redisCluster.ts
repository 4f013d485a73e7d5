import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { freePort } from './redisServer'
import { startTcpProxy } from './tcpProxy'
import type { TcpProxy } from './tcpProxy'

/** A real Redis Cluster of three masters on loopback, started for tests. */
export interface RedisCluster {
  /** `redis+cluster://127.0.0.1:<p1>,127.0.0.1:<p2>,127.0.0.1:<p3>`, the server's REDIS_URL form. */
  url: string
  /** The nodes' own client ports (behind the proxies when started with `proxied`). */
  ports: number[]
  /**
   * With `proxied`: one {@link TcpProxy} in front of each node, in `ports` order. The nodes announce the proxies'
   * ports, so every client connection (seeds, slot refreshes, node connections) goes through them. Else empty.
   */
  proxies: TcpProxy[]
  /** Stops every node (SIGTERM, then waits for exit) and removes the data directory. Safe to call twice. */
  stop(): Promise<void>
}

/** Options of {@link startRedisCluster}. */
export interface StartRedisClusterOptions {
  /**
   * Put a loopback TCP proxy in front of each node and have the node announce the proxy's port
   * (`--cluster-announce-port`), as behind NAT: `url` names the proxies, and tests can slow chosen requests down.
   */
  proxied?: boolean
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

/** What one node says of the cluster: its `CLUSTER INFO`, and its `CLUSTER SLOTS` as `start-end:port` ranges. */
interface NodeView {
  info: string
  slots: string[]
}

async function nodeView(port: number): Promise<NodeView> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  // A node that is not up yet refuses the connection; that is an answer here, not an error to report.
  client.on('error', () => {})
  try {
    await client.connect()
    const info = await client.cluster('INFO')
    const ranges = await client.cluster('SLOTS')
    const slots = ranges.map(([start, end, ...nodes]) => ({ start, text: `${start}-${end}:${String(nodes[0]?.[1])}` }))
    return { info, slots: slots.sort((a, b) => a.start - b.start).map((range) => range.text) }
  } catch {
    return { info: '', slots: [] }
  } finally {
    client.disconnect()
  }
}

/**
 * True when every node says `cluster_state:ok` and every node gives the same slot map, in which each of `announced`
 * serves slots: what a client's first `CLUSTER SLOTS` depends on, whichever seed it asks.
 */
function converged(views: NodeView[], announced: number[]): boolean {
  const first = views[0]?.slots.join(',') ?? ''
  const masters = new Set(views[0]?.slots.map((range) => Number(range.split(':')[1])))
  return (
    views.every((view) => view.info.includes('cluster_state:ok') && view.slots.join(',') === first) &&
    announced.every((port) => masters.has(port)) &&
    masters.size === announced.length
  )
}

/**
 * Starts three `redis-server --cluster-enabled yes` on free loopback ports (client and bus ports both chosen
 * free), joins them with `redis-cli --cluster create … --cluster-replicas 0 --cluster-yes`, and waits until every
 * node reports `cluster_state:ok` and the same slot map naming all three masters (at their announced ports), so a
 * client may ask any of them for its first `CLUSTER SLOTS`. Nothing is persisted. Throws, after stopping what it started, when any step
 * fails; call `stop()` in afterAll.
 */
export async function startRedisCluster(options: StartRedisClusterOptions = {}): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'wxls-cluster-'))
  const children: ChildProcess[] = []
  const ports: number[] = []
  const proxies: TcpProxy[] = []
  // The ports clients are told of: the proxies' when there are any.
  const announcedPorts = (): number[] => (proxies.length > 0 ? proxies.map((proxy) => proxy.port) : ports)
  const stop = async (): Promise<void> => {
    const running = children.splice(0)
    for (const child of running) child.kill('SIGTERM')
    await Promise.all(running.map(waitForExit))
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()))
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    for (let i = 0; i < 3; i++) {
      const port = await freePort()
      const busPort = await freePort()
      ports.push(port)
      const proxy = options.proxied === true ? await startTcpProxy(port) : undefined
      if (proxy !== undefined) proxies.push(proxy)
      const child = spawn(
        'redis-server',
        [
          '--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1', '--dir', dir,
          '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000',
          '--save', '', '--appendonly', 'no', '--daemonize', 'no',
          ...(proxy === undefined ? [] : ['--cluster-announce-port', String(proxy.port)]),
        ],
        { stdio: ['ignore', 'ignore', 'ignore'] },
      )
      children.push(child)
    }
    for (const port of ports) {
      let up = false
      for (let attempt = 0; attempt < 200 && !up; attempt++) {
        up = (await nodeView(port)).info !== ''
        if (!up) await new Promise((resolve) => setTimeout(resolve, 25))
      }
      if (!up) throw new Error(`cluster node on port ${port} did not start`)
    }
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], 60_000)
    const announced = announcedPorts()
    for (let attempt = 0; ; attempt++) {
      const views = await Promise.all(ports.map(nodeView))
      if (converged(views, announced)) break
      if (attempt >= 300) {
        const seen = views.map((view, i) => `node ${String(ports[i])}: ${view.slots.join(' ')}\n${view.info}`)
        throw new Error(`the cluster did not converge (cluster_state:ok, one slot map on every node):\n${seen.join('\n')}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  } catch (error) {
    await stop()
    throw error
  }
  return { url: `redis+cluster://${announcedPorts().map((p) => `127.0.0.1:${p}`).join(',')}`, ports, proxies, stop }
}

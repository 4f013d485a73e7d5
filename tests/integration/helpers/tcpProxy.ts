/**
 * A loopback TCP proxy with a stable port in front of the reference server, so that tests can restart the
 * server behind it (clients keep one base URL) and cut every open connection at once, as a dropped
 * network does.
 */
import net from 'node:net'

/** See the module comment. */
export interface TcpProxy {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string
  /** Sends new connections to `port` from now on; open ones stay where they are. */
  retarget(port: number): void
  /** Destroys every open connection on both sides, as a network drop does. Returns how many were cut. */
  dropAll(): number
  /** Connections accepted so far. */
  readonly accepted: number
  close(): Promise<void>
}

/** Starts a {@link TcpProxy} on a free loopback port, forwarding to `targetPort` on 127.0.0.1. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort
  let accepted = 0
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>()
  const server = net.createServer((client) => {
    accepted++
    const upstream = net.connect({ host: '127.0.0.1', port: target })
    const pair = { client, upstream }
    pairs.add(pair)
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('tcpProxy: no TCP address')
  return {
    url: `http://127.0.0.1:${address.port}`,
    retarget(port) {
      target = port
    },
    dropAll() {
      const n = pairs.size
      for (const { client, upstream } of [...pairs]) {
        client.destroy()
        upstream.destroy()
      }
      pairs.clear()
      return n
    },
    get accepted() {
      return accepted
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy()
        upstream.destroy()
      }
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

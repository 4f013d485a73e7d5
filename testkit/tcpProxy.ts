/**
 * A loopback TCP proxy with a stable port in front of the reference server, as a load balancer in front of a
 * deployment: clients keep one base URL and their idle keep-alive connections across a server restart (the
 * proxy opens a new upstream connection for the next request), and tests can cut every connection at once,
 * as a dropped network does. A request whose upstream dies before answering loses its client connection
 * too, so the client sees a network error rather than a hang.
 */
import net from 'node:net'

/** See the module comment. */
export interface TcpProxy {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string
  /** Sends new upstream connections to `port` from now on. */
  retarget(port: number): void
  /** Destroys every open connection on both sides, as a network drop does. Returns how many were cut. */
  dropAll(): number
  /** Client connections accepted so far. */
  readonly accepted: number
  close(): Promise<void>
}

interface Link {
  client: net.Socket
  upstream: net.Socket | undefined
}

/** Starts a {@link TcpProxy} on a free loopback port, forwarding to `targetPort` on 127.0.0.1. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort
  let accepted = 0
  const links = new Set<Link>()

  const server = net.createServer((client) => {
    accepted++
    const link: Link = { client, upstream: undefined }
    links.add(link)
    // Bytes went up and nothing came back yet: an upstream that dies now takes the request with it.
    let awaitingAnswer = false

    const connectUpstream = (): net.Socket => {
      const upstream = net.connect({ host: '127.0.0.1', port: target })
      link.upstream = upstream
      upstream.on('data', (chunk) => {
        awaitingAnswer = false
        client.write(chunk)
      })
      upstream.on('error', () => upstream.destroy())
      upstream.on('close', () => {
        if (link.upstream !== upstream) return
        link.upstream = undefined
        if (awaitingAnswer) client.destroy()
      })
      return upstream
    }

    client.on('data', (chunk) => {
      awaitingAnswer = true
      // An upstream the old server already closed may not have reported 'close' yet; never write into it.
      const live = link.upstream !== undefined && link.upstream.writable && !link.upstream.destroyed ? link.upstream : undefined
      ;(live ?? connectUpstream()).write(chunk)
    })
    const end = (): void => {
      links.delete(link)
      link.upstream?.destroy()
      client.destroy()
    }
    client.on('error', end).on('close', end)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('tcpProxy: no TCP address')

  const destroyAll = (): number => {
    const n = links.size
    for (const link of [...links]) {
      link.upstream?.destroy()
      link.client.destroy()
    }
    links.clear()
    return n
  }
  return {
    url: `http://127.0.0.1:${address.port}`,
    retarget(port) {
      target = port
    },
    dropAll: destroyAll,
    get accepted() {
      return accepted
    },
    async close() {
      destroyAll()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

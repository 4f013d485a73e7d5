/**
 * A loopback TCP proxy with a stable port in front of the reference server, as a load balancer in front of a
 * deployment: clients keep one base URL and their idle keep-alive connections across a server restart (the
 * proxy opens a new upstream connection for the next request), and tests can cut every connection at once,
 * as a dropped network does. A request whose upstream dies before answering loses its client connection
 * too, so the client sees a network error rather than a hang. It can also hold chosen requests back for a while
 * (a slow network or a busy backend, e.g. a Redis node slow to answer one command), keeping each connection's order.
 */
import net from 'node:net'

/** See the module comment. */
export interface TcpProxy {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string
  /** The loopback port it listens on. */
  readonly port: number
  /** Sends new upstream connections to `port` from now on. */
  retarget(port: number): void
  /** Destroys every open connection on both sides, as a network drop does. Returns how many were cut. */
  dropAll(): number
  /**
   * From now on, each chunk a client sends is passed to `rule`, and when it returns a number of milliseconds above 0
   * the chunk goes upstream that much later; what the same client sends after it waits behind it, so every
   * connection keeps its order. `undefined` stops holding chunks back: those held so far go upstream at once, in order.
   */
  holdRequests(rule: ((chunk: Buffer) => number) | undefined): void
  /** Chunks held back by the {@link TcpProxy.holdRequests} rule so far. */
  readonly held: number
  /** Client connections accepted so far. */
  readonly accepted: number
  close(): Promise<void>
}

interface Link {
  client: net.Socket
  upstream: net.Socket | undefined
  /** Client chunks waiting to go upstream, in order, and the timer of the first one (see holdRequests). */
  queue: Array<{ chunk: Buffer; delayMs: number }>
  timer: NodeJS.Timeout | undefined
  /** Sends what is queued whose time has come. */
  drain: () => void
}

/** Starts a {@link TcpProxy} on a free loopback port, forwarding to `targetPort` on 127.0.0.1. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort
  let accepted = 0
  let held = 0
  let holdRule: ((chunk: Buffer) => number) | undefined
  const links = new Set<Link>()

  const server = net.createServer((client) => {
    accepted++
    const link: Link = { client, upstream: undefined, queue: [], timer: undefined, drain: () => {} }
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

    const forward = (chunk: Buffer): void => {
      awaitingAnswer = true
      // An upstream the old server already closed may not have reported 'close' yet; never write into it.
      const live = link.upstream !== undefined && link.upstream.writable && !link.upstream.destroyed ? link.upstream : undefined
      ;(live ?? connectUpstream()).write(chunk)
    }
    // Sends the held chunks in order, each after its own delay; chunks that need none go as soon as their turn comes.
    const drain = (): void => {
      while (link.timer === undefined && link.queue.length > 0 && !client.destroyed) {
        const next = link.queue[0]
        if (next === undefined) return
        if (next.delayMs > 0) {
          link.timer = setTimeout(() => {
            link.timer = undefined
            next.delayMs = 0
            drain()
          }, next.delayMs)
          return
        }
        link.queue.shift()
        forward(next.chunk)
      }
    }
    link.drain = drain
    client.on('data', (chunk) => {
      const delayMs = holdRule?.(chunk) ?? 0
      if (delayMs > 0) held++
      if (delayMs <= 0 && link.queue.length === 0) return forward(chunk)
      link.queue.push({ chunk, delayMs })
      drain()
    })
    const end = (): void => {
      links.delete(link)
      clearTimeout(link.timer)
      link.queue = []
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
      clearTimeout(link.timer)
      link.queue = []
      link.upstream?.destroy()
      link.client.destroy()
    }
    links.clear()
    return n
  }
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    retarget(port) {
      target = port
    },
    holdRequests(rule) {
      holdRule = rule
      if (rule !== undefined) return
      for (const link of links) {
        clearTimeout(link.timer)
        link.timer = undefined
        for (const item of link.queue) item.delayMs = 0
        link.drain()
      }
    },
    get held() {
      return held
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

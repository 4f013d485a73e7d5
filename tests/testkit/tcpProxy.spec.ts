import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startTcpProxy } from '../../testkit/tcpProxy'
import type { TcpProxy } from '../../testkit/tcpProxy'

let echo: net.Server | undefined
let proxy: TcpProxy | undefined

afterEach(async () => {
  await proxy?.close()
  proxy = undefined
  await new Promise<void>((resolve) => (echo === undefined ? resolve() : echo.close(() => resolve())))
  echo = undefined
})

/** An upstream that answers every chunk with `<chunk>;`, and the proxy in front of it. */
async function echoBehindProxy(): Promise<TcpProxy> {
  const server = net.createServer((socket) => socket.on('data', (chunk) => socket.write(`${chunk.toString()};`)))
  echo = server
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  return startTcpProxy(address.port)
}

interface TestClient {
  send(text: string): void
  /** Resolves once everything sent so far has been handed to the kernel (so the proxy can read it). */
  sent(): Promise<void>
  /** What has arrived so far. */
  now(): string
  /** Resolves with everything received once `until` holds for it. */
  received(until: (all: string) => boolean): Promise<string>
  close(): void
}

async function connect(port: number): Promise<TestClient> {
  const socket = net.connect({ host: '127.0.0.1', port })
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
  let all = ''
  const waiters: Array<() => void> = []
  socket.on('data', (chunk) => {
    all += chunk.toString()
    for (const wake of waiters.splice(0)) wake()
  })
  return {
    send: (text) => void socket.write(text),
    sent: () => new Promise<void>((resolve) => socket.write('', () => resolve())),
    now: () => all,
    received: async (until) => {
      while (!until(all)) await new Promise<void>((resolve) => waiters.push(resolve))
      return all
    },
    close: () => socket.destroy(),
  }
}

describe('startTcpProxy', () => {
  it('forwards both ways and reports its port', async () => {
    proxy = await echoBehindProxy()
    expect(proxy.url).toBe(`http://127.0.0.1:${proxy.port}`)
    const c = await connect(proxy.port)
    c.send('ping')
    expect(await c.received((all) => all.includes(';'))).toBe('ping;')
    expect(proxy.held).toBe(0)
    c.close()
  })

  it('holds back the chunks the rule picks, keeps each connection in order, and lets them go when told', async () => {
    proxy = await echoBehindProxy()
    proxy.holdRequests((chunk) => (chunk.toString() === 'slow' ? 60_000 : 0))
    const c = await connect(proxy.port)
    c.send('slow')
    // Once the proxy holds 'slow', 'next' is its own chunk (sent together, TCP may deliver them as one).
    while (proxy.held < 1) await new Promise((resolve) => setTimeout(resolve, 5))
    c.send('next')
    await c.sent()
    // Another connection's chunk that the rule does not pick goes at once.
    const other = await connect(proxy.port)
    other.send('quick')
    expect(await other.received((all) => all.includes(';'))).toBe('quick;')
    expect(c.now()).toBe('')
    expect(proxy.held).toBe(1)

    proxy.holdRequests(undefined)
    // Two chunks sent back to back may reach the upstream as one; their order is what counts.
    expect((await c.received((all) => all.includes('next'))).replaceAll(';', '')).toBe('slownext')
    c.send('free')
    expect(await c.received((all) => all.endsWith('free;'))).toMatch(/^slow;?next;free;$/)
    expect(proxy.held).toBe(1)
    c.close()
    other.close()
  })
})

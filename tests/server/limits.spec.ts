/**
 * Timeouts and limits over real sockets (slow and missing bodies and headers, the connection cap): what
 * `inject()` cannot show, since it never goes through Node's HTTP server.
 */
import type { Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { openSocket, rawExchange } from './helpers/rawHttp'
import { startTestServer } from './helpers/testServer'
import type { TestServer } from './helpers/testServer'

let t: TestServer | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const portOf = (server: TestServer): number => Number(new URL(server.url).port)

describe('slow and missing bodies', () => {
  it('refuses PATCH /api/me without a session before reading its body', async () => {
    t = await startTestServer({ requestTimeoutMs: 30_000 })
    const answer = await rawExchange(
      portOf(t),
      'PATCH /api/me HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n',
      10_000,
    )
    // Answered and closed without the body, long before the 30 s request timeout could end it.
    expect(answer.status).toBe(401)
    expect(JSON.parse(answer.body)).toEqual({ error: 'session_expired', message: expect.any(String) })
    expect(answer.headers['connection']).toBe('close')
    expect(answer.ended).toBe('closed')
  })

  it('closes 20 connections whose promised body never comes with 408 request_timeout', async () => {
    t = await startTestServer({ requestTimeoutMs: 600, headersTimeoutMs: 500 })
    const { token } = await t.login()
    const head = `PATCH /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{"nick`
    const answers = await Promise.all(Array.from({ length: 20 }, () => rawExchange(portOf(t!), head, 8000)))
    for (const answer of answers) {
      expect(answer.ended).not.toBe('open')
      expect(answer.status).toBe(408)
      expect(JSON.parse(answer.body)).toEqual({ error: 'request_timeout', message: expect.any(String) })
    }
  })

  it('closes a connection whose headers never end', async () => {
    t = await startTestServer({ requestTimeoutMs: 5000, headersTimeoutMs: 400 })
    const answer = await rawExchange(portOf(t), 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: a', 8000)
    expect(answer.ended).not.toBe('open')
    expect(answer.status).toBe(408)
    expect(JSON.parse(answer.body).error).toBe('request_timeout')
  })

  it('closes a connection that trickles its body past the request timeout', async () => {
    t = await startTestServer({ requestTimeoutMs: 600, headersTimeoutMs: 500 })
    const { token } = await t.login()
    const socket = await openSocket(portOf(t))
    socket.write(`PUT /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n`)
    const drip = setInterval(() => socket.writable && socket.write(' '), 100)
    const answer = await rawExchange(portOf(t), '', 8000, socket)
    clearInterval(drip)
    expect(answer.ended).not.toBe('open')
    expect(answer.status).toBe(408)
  })
})

describe('the connection cap', () => {
  it('drops connections past MAX_CONNECTIONS on accept and serves again once they close', async () => {
    t = await startTestServer({ maxConnections: 3 })
    const held = await Promise.all([0, 1, 2].map(() => openSocket(portOf(t!))))
    const extra = await rawExchange(portOf(t), 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', 2000)
    expect(extra.status).toBeUndefined()
    expect(extra.ended).not.toBe('open')
    for (const socket of held) socket.destroy()
    await new Promise((resolve) => setTimeout(resolve, 50))
    const after = await rawExchange(portOf(t), 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 2000)
    expect(after.status).toBe(200)
  })
})

describe('the connection cap per address', () => {
  const probe = 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
  const keepAlive = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'

  /** Opens `count` sockets from `from`, each sending one keep-alive request; resolves once each was answered or dropped. */
  async function holdIdle(port: number, from: string, count: number): Promise<{ answered: number; sockets: Socket[] }> {
    const sockets: Socket[] = []
    const results = await Promise.all(
      Array.from({ length: count }, async () => {
        const socket = await openSocket(port, from).catch(() => undefined)
        if (socket === undefined) return false
        sockets.push(socket)
        return new Promise<boolean>((resolve) => {
          socket.once('data', () => resolve(true))
          socket.once('close', () => resolve(false))
          socket.once('error', () => resolve(false))
          socket.write(keepAlive)
        })
      }),
    )
    return { answered: results.filter(Boolean).length, sockets }
  }

  it('answers a second address while one address holds more sockets than its cap, idle on keep-alive', async () => {
    t = await startTestServer({ maxConnections: 60, maxConnectionsPerIp: 20 })
    const port = portOf(t)
    // More than the whole server may hold, from one address; each sits idle on keep-alive after one request.
    const attack = await holdIdle(port, '127.0.0.2', 80)
    expect(attack.answered).toBe(20)
    const probes = await Promise.all(Array.from({ length: 10 }, () => rawExchange(port, probe, 3000, undefined)))
    const fromOthers = await Promise.all(
      ['127.0.0.3', '127.0.0.4', '127.0.0.5'].map(async (from) => rawExchange(port, probe, 3000, await openSocket(port, from))),
    )
    for (const answer of [...probes, ...fromOthers]) expect(answer.status).toBe(200)
    // The attacker reopening as the server drops it still gets no more than its cap.
    const again = await holdIdle(port, '127.0.0.2', 20)
    expect(again.answered).toBe(0)
    for (const socket of [...attack.sockets, ...again.sockets]) socket.destroy()
  })

  it('serves an address again once its connections close', async () => {
    t = await startTestServer({ maxConnectionsPerIp: 3 })
    const port = portOf(t)
    const held = await Promise.all([0, 1, 2].map(() => openSocket(port, '127.0.0.6')))
    const extra = await rawExchange(port, probe, 2000, await openSocket(port, '127.0.0.6'))
    expect(extra.status).toBeUndefined()
    expect(extra.ended).not.toBe('open')
    for (const socket of held) socket.destroy()
    await new Promise((resolve) => setTimeout(resolve, 50))
    const after = await rawExchange(port, probe, 2000, await openSocket(port, '127.0.0.6'))
    expect(after.status).toBe(200)
  })

  it('exempts the proxies of TRUST_PROXY, whose clients all share their address', async () => {
    t = await startTestServer({ maxConnectionsPerIp: 3, trustProxy: ['127.0.0.7/32', '10.0.0.0/8'] })
    const port = portOf(t)
    const viaProxy = await holdIdle(port, '127.0.0.7', 8)
    expect(viaProxy.answered).toBe(8)
    const direct = await holdIdle(port, '127.0.0.8', 8)
    expect(direct.answered).toBe(3)
    for (const socket of [...viaProxy.sockets, ...direct.sockets]) socket.destroy()
  })
})

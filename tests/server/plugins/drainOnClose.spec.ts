import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp } from '../../../server/app'
import { loadConfig } from '../../../server/config'
import { keepAliveLoad } from '../../../testkit/shutdownLoad'
import { listenWithSlowRoute } from '../helpers/slowRoute'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('requests that arrive while the server shuts down', () => {
  it('get 503 service_unavailable in the API shape, while the one in flight is answered', async () => {
    const uploadDir = mkdtempSync(join(tmpdir(), 'wxls-shed-'))
    dirs.push(uploadDir)
    const app = await buildApp({ ...loadConfig({ NODE_ENV: 'test' }), logLevel: 'silent', uploadDir })
    const { port, entered, release } = await listenWithSlowRoute(app)

    // Two requests on one keep-alive connection, the second sent after close() started while the first is
    // still in flight: the connection is busy, so closing the listener does not drop it, and the second
    // request reaches the closing server, as one from a load balancer's pooled connection would.
    const socket = connect(port, '127.0.0.1')
    let raw = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (raw += chunk))
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()))
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n')
    await entered
    const closing = app.close()
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n')
    // Let the second request be read and routed before the first one is answered.
    await new Promise((resolve) => setTimeout(resolve, 50))
    release()
    await ended
    await closing

    const responses = raw.split(/(?=HTTP\/1\.1 )/)
    expect(responses).toHaveLength(2)
    expect(responses[0]).toMatch(/^HTTP\/1\.1 200/)
    expect(responses[0]).toContain('{"done":true}')
    expect(responses[1]).toMatch(/^HTTP\/1\.1 503/)
    expect(responses[1]).toMatch(/connection: close/i)
    expect(responses[1]).toMatch(/retry-after: 1/i)
    const body = JSON.parse(responses[1]!.slice(responses[1]!.indexOf('\r\n\r\n') + 4)) as unknown
    expect(body).toEqual({ error: 'service_unavailable', message: 'The server is shutting down; try again shortly' })
  })
})

describe('app.shutdown()', () => {
  it('keeps listening through the drain, sheds every request with Connection: close, and resets none', async () => {
    const uploadDir = mkdtempSync(join(tmpdir(), 'wxls-shed-'))
    dirs.push(uploadDir)
    const app = await buildApp({ ...loadConfig({ NODE_ENV: 'test' }), logLevel: 'silent', uploadDir, shutdownDrainMs: 300 })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`
    let closed!: () => void
    const done = new Promise<void>((resolve) => (closed = resolve))
    const load = keepAliveLoad(url, 20, done)
    await new Promise((resolve) => setTimeout(resolve, 200))
    await app.shutdown()
    closed()
    const tally = await load
    expect(tally.resets, tally.samples.join('; ')).toBe(0)
    expect(tally.other, tally.samples.join('; ')).toBe(0)
    expect(tally.ok).toBeGreaterThan(0)
    expect(tally.shed).toBeGreaterThan(0)
  })
})

/** The Host header over real sockets: inject() always sends one, so only a socket shows what a client can send. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawExchange } from '../helpers/rawHttp'
import { startTestServer } from '../helpers/testServer'
import type { TestServer } from '../helpers/testServer'

let t: TestServer
let port: number
beforeAll(async () => {
  t = await startTestServer()
  port = Number(new URL(t.url).port)
})
afterAll(async () => {
  await t.close()
})

const ask = (head: string) => rawExchange(port, `${head}\r\nConnection: close\r\n\r\n`, 3000)

describe('the Host header', () => {
  it.each([
    ['missing', 'GET /healthz HTTP/1.1'],
    ['missing, on an unknown route', 'GET /nope HTTP/1.1'],
    ['sent twice', 'GET /healthz HTTP/1.1\r\nHost: a.example\r\nHost: b.example'],
    ['sent twice with one value', 'GET /healthz HTTP/1.1\r\nHost: a.example\r\nhost: a.example'],
    ['empty', 'GET /healthz HTTP/1.1\r\nHost: '],
    ['two words', 'GET /healthz HTTP/1.1\r\nHost: a b'],
    ['a URL', 'GET /healthz HTTP/1.1\r\nHost: http://a.example/'],
    ['a port that is no number', 'GET /healthz HTTP/1.1\r\nHost: a.example:x'],
    ['with user info', 'GET /healthz HTTP/1.1\r\nHost: u@a.example'],
  ])('answers 400 invalid_request in the API shape with the security headers when it is %s', async (_what, head) => {
    const answer = await ask(head)
    expect(answer.status).toBe(400)
    expect(answer.headers['content-type']).toMatch(/^application\/json/)
    expect(JSON.parse(answer.body)).toEqual({ error: 'invalid_request', message: expect.stringMatching(/Host/) })
    expect(answer.headers['x-content-type-options']).toBe('nosniff')
    expect(answer.headers['cache-control']).toBe('no-store')
  })

  it.each([
    ['a name with a port', 'GET /healthz HTTP/1.1\r\nHost: localhost:3000'],
    ['a domain', 'GET /healthz HTTP/1.1\r\nHost: api.example.com'],
    ['an IPv4 address', 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1'],
    ['an IPv6 address with a port', 'GET /healthz HTTP/1.1\r\nHost: [::1]:8080'],
    ['absent on HTTP/1.0, which does not require it', 'GET /healthz HTTP/1.0'],
  ])('answers when it is %s', async (_what, head) => {
    expect((await ask(head)).status).toBe(200)
  })
})

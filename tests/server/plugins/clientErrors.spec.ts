/**
 * Requests Node's HTTP parser refuses before any route runs, sent as raw bytes over a real socket: every answer is
 * the contract's `{ error, message }` with a snake_case code, never Fastify's `{"error":"Bad Request",…}`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawExchange } from '../helpers/rawHttp'
import { startTestServer } from '../helpers/testServer'
import type { TestServer } from '../helpers/testServer'

let t: TestServer
let port: number
beforeAll(async () => {
  t = await startTestServer({ maxHeaderBytes: 8192 })
  port = Number(new URL(t.url).port)
})
afterAll(async () => t.close())

describe('parser-level errors over a real socket', () => {
  it('answers a head over MAX_HEADER_BYTES with 431 header_too_large', async () => {
    const answer = await rawExchange(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(10_000)}\r\n\r\n`)
    expect(answer.status).toBe(431)
    expect(JSON.parse(answer.body)).toEqual({ error: 'header_too_large', message: expect.any(String) })
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(answer.headers['x-content-type-options']).toBe('nosniff')
    expect(answer.headers['connection']).toBe('close')
  })

  it.each([
    ['a broken request line', 'GARBAGE\r\n\r\n'],
    ['a space in the method', 'G ET / HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['an unknown HTTP version', 'GET / HTTP/9.9\r\nHost: x\r\n\r\n'],
    ['a header without a colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n'],
    ['a header name with a space', 'GET /healthz HTTP/1.1\r\nHo st: x\r\n\r\n'],
    ['two Content-Length headers that disagree', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}'],
    ['Content-Length together with chunked', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['a chunk size that is not hex', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'],
    ['a chunk longer than announced', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{}}}\r\n0\r\n\r\n'],
    ['a NUL byte in a header value', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n'],
    ['a bare LF line ending inside a header', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n'],
  ])('answers %s with 400 invalid_request', async (_what, bytes) => {
    const answer = await rawExchange(port, bytes)
    expect(answer.status, answer.raw).toBe(400)
    expect(JSON.parse(answer.body)).toEqual({ error: 'invalid_request', message: expect.any(String) })
  })

  it('answers GET /uploads/ (a directory) with 404 not_found, not 403', async () => {
    const answer = await rawExchange(port, 'GET /uploads/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    expect(answer.status).toBe(404)
    expect(JSON.parse(answer.body).error).toBe('not_found')
  })
})

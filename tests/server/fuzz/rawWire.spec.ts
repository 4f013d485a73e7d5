/**
 * Fuzzes the server below the framework (fast-check): raw bytes on real loopback sockets, straight into Node's
 * HTTP parser. Broken request lines and versions, odd methods and targets, malformed and duplicate headers, huge
 * heads, bare LF and CR line ends, obs-folded headers, lying Content-Length, chunked bodies with bad sizes,
 * extensions, trailers or no end, and plain noise. Every answer on the connection is below 500 and every error
 * is the contract's `{ error, message }` JSON; the server is still healthy afterwards.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFuzzTally } from '../../support/fuzz/fuzzRuns'
import { rawExchange } from '../helpers/rawHttp'
import { SERVER_FUZZ_RUNS, startFuzzServer, type FuzzServer } from './fuzzServer'

const runs = SERVER_FUZZ_RUNS.wire
const tally = createFuzzTally('server: raw bytes on the wire')
let target: FuzzServer
let port: number
let token: string

beforeAll(async () => {
  target = await startFuzzServer({ maxHeaderBytes: 8192, headersTimeoutMs: 1000, requestTimeoutMs: 1500 })
  port = Number(new URL(target.server.url).port)
  token = await target.login()
})
afterAll(async () => {
  await target.close()
  tally.flush()
})

const ascii = (max: number): fc.Arbitrary<string> => fc.string({ maxLength: max, unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) })
const latin1 = (max: number): fc.Arbitrary<string> => fc.string({ maxLength: max, unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)) })

const method = fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'BREW', 'get', 'CONNECT', 'TRACE', ''), ascii(8))
const requestTarget = fc.oneof(
  fc.constantFrom('/healthz', '/api/me', '/api/auth/login', '/api/auth/web-login', '/api/me/avatar', '/api/wx/decrypt', '/uploads/', '/uploads/../etc/passwd', '*', 'http://evil.example/api/me', '/%', '/a b', '', '//', '/api/me?x=%zz', '/connect/oauth2/authorize?appid=x&redirect_uri=http%3A%2F%2F127.0.0.1%2F&response_type=code&scope=snsapi_base', '/sns/oauth2/access_token'),
  ascii(40),
)
const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', 'HTTP/9', '', 'http/1.1')
const eol = fc.constantFrom('\r\n', '\r\n', '\r\n', '\n', '\r')

const header: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'Host: 127.0.0.1', 'Content-Type: application/json', 'Content-Type: multipart/form-data; boundary=x', 'Content-Length: 2',
    'Content-Length: -1', 'Content-Length: 99999999999999999999', 'Content-Length: 1, 2', 'Content-Length: abc', 'Transfer-Encoding: chunked',
    'Transfer-Encoding: gzip, chunked', 'Transfer-Encoding: chunked, identity', 'Transfer-Encoding: x', 'Expect: 100-continue',
    'Connection: keep-alive', 'Connection: upgrade', 'Upgrade: websocket', 'Authorization: Bearer', 'X-Folded: a\r\n  b', 'Broken header',
    ': no name', 'Ho st: x', 'X-Nul: a\u0000b', 'X-Del: \u007f',
  ),
  fc.constant(`Authorization: Bearer ${'A'.repeat(12)}.${'A'.repeat(43)}`),
  fc.tuple(ascii(20), latin1(60)).map(([n, v]) => `${n}: ${v}`),
  fc.integer({ min: 8_000, max: 40_000 }).map((n) => `X-Huge: ${'h'.repeat(n)}`),
)

const chunkedBody = fc.oneof(
  fc.constantFrom('2\r\n{}\r\n0\r\n\r\n', 'zz\r\n{}\r\n0\r\n\r\n', '2;ext=1\r\n{}\r\n0\r\n\r\n', '2\r\n{}\r\n0\r\nX-Trailer: t\r\n\r\n', '2\r\n{}', '1\r\n{}}}\r\n0\r\n\r\n', '-1\r\n\r\n', `${'f'.repeat(20)}\r\n`, '0\r\n\r\n'),
  fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), latin1(40)), { maxLength: 4 }).map((chunks) => chunks.map(([size, data]) => `${size.toString(16)}\r\n${data}\r\n`).join('') + '0\r\n\r\n'),
)
const body = fc.oneof(fc.constant(''), fc.constantFrom('{}', '{"code":"x"}', '{"nickname":"a"}', '{'), latin1(200), chunkedBody)

const request: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(method, requestTarget, version, eol, fc.array(header, { maxLength: 6 }), body, fc.boolean()).map(([m, t, v, e, hs, b, withToken]) => {
    const heads = withToken ? [...hs, `Authorization: Bearer ${token}`] : hs
    return `${m} ${t} ${v}${e}${heads.join(e)}${heads.length > 0 ? e : ''}${e}${b}`
  }) },
  { weight: 1, arbitrary: latin1(300) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', 'POST /api/auth/login HTTP/1.1\r\nContent-Length: 5\r\n\r\n', 'POST /api/auth/web-login HTTP/1.1\r\nContent-Length: 5\r\n\r\n'), latin1(100)).map(([a, b]) => a + b) },
)

/** Splits a stream of HTTP/1.1 responses; returns each status and body. */
function responses(raw: string): { status: number; body: string; headers: string }[] {
  const out: { status: number; body: string; headers: string }[] = []
  let rest = raw
  while (rest.startsWith('HTTP/1.1 ')) {
    const headEnd = rest.indexOf('\r\n\r\n')
    if (headEnd < 0) break
    const head = rest.slice(0, headEnd)
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0)
    out.push({ status: Number(head.slice(9, 12)), headers: head, body: rest.slice(headEnd + 4, headEnd + 4 + length) })
    rest = rest.slice(headEnd + 4 + length)
  }
  return out
}

describe('raw bytes on a real socket (fast-check)', () => {
  it(`answers every request Node's parser sees below 500 and in the { error, message } shape (${runs} cases)`, async () => {
    let answered = 0
    await fc.assert(
      // Mostly the client ends its side after the bytes; now and then it stays silent, so the server's own
      // timeouts must end the connection (rare: each such case waits for them).
      fc.asyncProperty(request, fc.integer({ min: 0, max: 99 }), async (bytes, silent) => {
        const answer = await rawExchange(port, Buffer.from(bytes, 'latin1'), 8000, undefined, silent !== 0)
        expect(answer.ended, `the server kept a connection open: ${JSON.stringify(bytes.slice(0, 120))}`).not.toBe('open')
        for (const response of responses(answer.raw)) {
          answered++
          const where = `${JSON.stringify(bytes.slice(0, 120))} -> ${response.status}`
          expect(response.status, where).toBeLessThan(500)
          if (response.status < 400 || response.body === '') continue
          expect(JSON.parse(response.body), where).toEqual({ error: expect.stringMatching(/^[a-z][a-z0-9_]{1,63}$/), message: expect.any(String) })
        }
      }),
      { numRuns: runs },
    )
    tally.record('raw requests: request lines, headers, chunked bodies, huge heads, noise', runs)
    console.log(`[fuzz] raw bytes: ${answered} answers checked`)
    const health = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    expect(health.status).toBe(200)
  })
})

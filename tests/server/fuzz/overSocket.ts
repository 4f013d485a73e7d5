/**
 * Sends an `inject()` request over a real loopback socket as raw HTTP/1.1 bytes and reads the answer back, so the
 * fuzz properties also hold through Node's HTTP parser and a real connection, which `inject()` skips.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { rawExchange } from '../helpers/rawHttp'

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/
const TARGET = /^\/[\x21-\x7e]*$/

function payloadOf(request: InjectOptions): { bytes: Buffer | undefined; json: boolean } {
  const { payload } = request
  if (payload === undefined || payload === null) return { bytes: undefined, json: false }
  if (Buffer.isBuffer(payload)) return { bytes: payload, json: false }
  if (typeof payload === 'string') return { bytes: Buffer.from(payload, 'utf8'), json: false }
  return { bytes: Buffer.from(JSON.stringify(payload), 'utf8'), json: true }
}

function headersOf(request: InjectOptions): [string, string][] | undefined {
  const out: [string, string][] = []
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : String(value)
    if (!TOKEN.test(name) || !FIELD_VALUE.test(text)) return undefined
    const lower = name.toLowerCase()
    if (lower === 'host' || lower === 'content-length' || lower === 'connection' || lower === 'transfer-encoding') continue
    out.push([name, text])
  }
  return out
}

/**
 * The raw bytes of `request`, or undefined when it cannot go on the wire as it is (a header or URL with characters
 * HTTP forbids: `inject()` accepts them, a real client could not send them; such cases stay on `inject()`).
 */
export function toWire(request: InjectOptions): Buffer | undefined {
  const url = String(request.url ?? '/')
  const headers = headersOf(request)
  if (!TARGET.test(url) || headers === undefined) return undefined
  const { bytes, json } = payloadOf(request)
  const method = request.method ?? 'GET'
  const lines = [`${method} ${url} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...headers.map(([n, v]) => `${n}: ${v}`)]
  if (json && !headers.some(([n]) => n.toLowerCase() === 'content-type')) lines.push('Content-Type: application/json')
  if (bytes !== undefined) lines.push(`Content-Length: ${bytes.length}`)
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), bytes ?? Buffer.alloc(0)])
}

/** Sends `wire` to `port` and shapes the answer like `inject()`'s, so the suites' own assertions apply unchanged. */
export async function sendOverSocket(port: number, wire: Buffer, method: string): Promise<LightMyRequestResponse> {
  const answer = await rawExchange(port, wire, 10_000)
  if (answer.status === undefined) throw new Error(`no HTTP answer over the socket (${answer.ended}): ${answer.raw.slice(0, 200)}`)
  let body = answer.body
  if (method === 'HEAD') body = ''
  else if (answer.headers['transfer-encoding'] === 'chunked') body = dechunk(answer.raw.slice(answer.raw.indexOf('\r\n\r\n') + 4))
  const rawPayload = Buffer.from(body, 'latin1')
  const text = rawPayload.toString('utf8')
  const response = {
    statusCode: answer.status,
    headers: answer.headers,
    body: text,
    payload: text,
    rawPayload,
    json: () => JSON.parse(text) as unknown,
  }
  return response as unknown as LightMyRequestResponse
}

function dechunk(raw: string): string {
  let out = ''
  let rest = raw
  for (;;) {
    const eol = rest.indexOf('\r\n')
    const size = Number.parseInt(rest.slice(0, eol), 16)
    if (eol < 0 || !Number.isFinite(size) || size === 0) return out
    out += rest.slice(eol + 2, eol + 2 + size)
    rest = rest.slice(eol + 2 + size + 2)
  }
}

/**
 * Request generators for the server fuzz: bodies in every encoding a client might (wrongly) use, odd
 * headers, and the field-level wrong types of each endpoint's schema.
 */
import fc from 'fast-check'
import { anyJson, badAuthorization, garbageBody, hugeString, oddContentType, oddString, wrongType } from '../../support/fuzz/garbage'

/** A body on the wire, with the content type it claims (or none). */
export interface WireBody {
  payload?: string | Buffer
  contentType?: string
}

const printable = (max: number): fc.Arbitrary<string> =>
  fc.string({ maxLength: max, unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) })

/**
 * JSON text nested far deeper than JSON.stringify could produce (up to 200,000 levels), built as text:
 * what a hostile client sends to blow a recursive parser's stack.
 */
function deepJsonText(): fc.Arbitrary<WireBody> {
  return fc.tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.boolean()).map(([depth, arrays]) => ({
    payload: arrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"code":'.repeat(depth)}"x"${'}'.repeat(depth)}`,
    contentType: 'application/json',
  }))
}

/** Garbage in every encoding: JSON of any value, truncated JSON, raw strings and bytes, empty, none. */
export const wireGarbage: fc.Arbitrary<WireBody> = fc.oneof(
  { weight: 4, arbitrary: garbageBody(3_000).map((v) => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' })) },
  { weight: 2, arbitrary: fc.tuple(anyJson, fc.nat()).map(([v, cut]) => {
    const text = JSON.stringify(v) ?? ''
    return { payload: text.slice(0, text.length === 0 ? 0 : cut % text.length), contentType: 'application/json' }
  }) },
  { weight: 2, arbitrary: fc.tuple(oddString(), oddContentType).map(([payload, contentType]) => ({ payload, contentType })) },
  { weight: 1, arbitrary: fc.tuple(fc.uint8Array({ maxLength: 512 }), oddContentType).map(([bytes, contentType]) => ({ payload: Buffer.from(bytes), contentType })) },
  { weight: 1, arbitrary: hugeString.map((s) => ({ payload: JSON.stringify({ code: s, nickname: s }), contentType: 'application/json' })) },
  { weight: 1, arbitrary: deepJsonText() },
  { weight: 1, arbitrary: fc.constantFrom<WireBody>({}, { payload: '', contentType: 'application/json' }, { payload: '{}', contentType: 'application/json' }, { payload: '{"__proto__":{"admin":true}}', contentType: 'application/json' }, { payload: '{"constructor":{"prototype":{"x":1}}}', contentType: 'application/json' }) },
)

/** `obj` with one extra field, or one field of the wrong type, or both: what schemas must refuse. */
export function wrongFields(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<WireBody> {
  return fc
    .tuple(fc.record(fields, { requiredKeys: [] }), fc.option(fc.tuple(oddString(20), anyJson), { nil: undefined }))
    .map(([body, extra]) => {
      const value: Record<string, unknown> = { ...body }
      if (extra) value[extra[0] === '' ? 'extra' : extra[0]] = extra[1]
      return { payload: JSON.stringify(value), contentType: 'application/json' }
    })
}

/** A field's value: right type but odd content, or the wrong type. */
export function fieldValue(type: 'string'): fc.Arbitrary<unknown> {
  return fc.oneof(oddString(200), wrongType(type), hugeString)
}

/** Headers that clients, proxies and attackers send: odd auth, origins, forwarded chains, encodings, long values. */
export const oddHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    authorization: badAuthorization,
    origin: fc.oneof(fc.constantFrom('null', 'https://evil.example', 'http://127.0.0.1:5173', '*'), printable(60)),
    'x-forwarded-for': fc.oneof(fc.constantFrom('127.0.0.1', '::1', 'unknown', '1.1.1.1, 2.2.2.2', '999.1.1.1'), printable(60)),
    'x-forwarded-proto': fc.constantFrom('http', 'https', 'gopher', ''),
    'x-forwarded-host': printable(40),
    accept: fc.constantFrom('*/*', 'text/html', 'application/xml', '', 'application/json;q=0'),
    'accept-encoding': fc.constantFrom('gzip', 'br', 'deflate', 'identity;q=0', '*', 'x-unknown'),
    'user-agent': fc.oneof(printable(80), fc.integer({ min: 1_000, max: 8_000 }).map((n) => 'u'.repeat(n))),
    cookie: printable(80),
    'if-none-match': printable(30),
    range: fc.constantFrom('bytes=0-0', 'bytes=-1', 'bytes=abc', 'bytes=0-1,2-3,4-5'),
    'x-http-method-override': fc.constantFrom('DELETE', 'PUT', 'GET'),
  },
  { requiredKeys: [] },
)

/** Merges a wire body into inject options' headers and payload. */
export function withBody(headers: Record<string, string>, body: WireBody): { headers: Record<string, string>; payload?: string | Buffer } {
  const h = { ...headers }
  if (body.contentType !== undefined) h['content-type'] = body.contentType
  return body.payload === undefined ? { headers: h } : { headers: h, payload: body.payload }
}

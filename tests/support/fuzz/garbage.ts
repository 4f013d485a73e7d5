/**
 * Generators of hostile input, shared by the server endpoint fuzz (what clients may send) and the
 * client response fuzz (what a broken or hostile backend may answer). Each one aims at a failure
 * class seen in the wild: wrong JSON types, huge strings, deep nesting, HTML error pages from a proxy,
 * empty bodies, and bodies that are almost right.
 */
import fc from 'fast-check'

/** Any JSON value, including the awkward ones (`-0`, huge numbers, unicode, `__proto__` keys). */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 4 })

/** A string of up to `max` characters, biased to the edges: empty, long runs, unicode, control bytes. */
export function oddString(max = 300): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: max, unit: 'grapheme' }),
    fc.string({ maxLength: max, unit: 'binary' }),
    fc.constantFrom('', ' ', '\u0000', '\uFEFF', '\uD800', '💥'.repeat(40), 'null', 'undefined', '__proto__', '../../etc/passwd', '%00', '<script>'),
  )
}

/** A string far longer than any field allows; lengths stay moderate so thousands of cases stay fast. */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.constantFrom('a', '字', '\\', '"', '0'))
  .map(([n, ch]) => ch.repeat(n))

/**
 * A value nested up to `maxDepth` levels deep in arrays or objects, to probe recursive parsers and
 * validators. NOTE: past about 4,000 levels V8's JSON.stringify overflows the stack, so in-memory
 * transports that copy bodies through JSON need a lower bound than HTTP bodies sent as text.
 */
export function deepNesting(maxDepth = 5_000): fc.Arbitrary<unknown> {
  return fc.tuple(fc.integer({ min: 20, max: maxDepth }), fc.boolean()).map(([depth, useArrays]) => {
    let value: unknown = 'bottom'
    for (let i = 0; i < depth; i++) value = useArrays ? [value] : { a: value }
    return value
  })
}

/** Error pages that proxies, gateways and misrouted servers answer with instead of JSON. */
export const htmlPage: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
    '<!DOCTYPE html><html><body>Service Unavailable</body></html>',
    '<?xml version="1.0"?><error>oops</error>',
  ),
  oddString(200).map((s) => `<!doctype html><html><body>${s}</body></html>`),
)

/** Bodies a transport may hand over when nothing useful came back. */
export const emptyish: fc.Arbitrary<unknown> = fc.constantFrom('', ' ', '\n', null, 'null', '{}', '[]', 0, false, true, {}, [])

/** A value of a JSON type other than `type`: the wrong-types generator for one field. */
export function wrongType(type: 'string' | 'number' | 'object'): fc.Arbitrary<unknown> {
  const options: Array<fc.Arbitrary<unknown>> = [fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 })]
  if (type !== 'string') options.push(oddString(40))
  if (type !== 'number') options.push(fc.oneof(fc.integer(), fc.double()))
  if (type !== 'object') options.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }))
  return fc.oneof(...options)
}

/** Any of the above: the catch-all body generator; `maxDepth` bounds {@link deepNesting}. */
export function garbageBody(maxDepth?: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: anyJson },
    { weight: 2, arbitrary: oddString() },
    { weight: 1, arbitrary: hugeString },
    { weight: 1, arbitrary: deepNesting(maxDepth) },
    { weight: 2, arbitrary: htmlPage },
    { weight: 2, arbitrary: emptyish },
  )
}

/** Bearer values that are not a token the server issued: empty, wrong scheme, wrong length, injected bytes. */
export const badAuthorization: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer x', 'Bearer  ', 'Bearer null', 'Bearer undefined'),
  fc.string({ minLength: 43, maxLength: 43, unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')) }).map((t) => `Bearer ${t}`),
  // Well-formed `<tag>.<secret>` tokens the server never issued: they reach the store and must still be 401.
  fc
    .tuple(
      fc.string({ minLength: 12, maxLength: 12, unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')) }),
      fc.string({ minLength: 43, maxLength: 43, unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')) }),
    )
    .map(([tag, secret]) => `Bearer ${tag}.${secret}`),
  fc.string({ maxLength: 200, unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)) }).map((t) => `Bearer ${t}`),
  fc.string({ maxLength: 100, unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
  fc.integer({ min: 4_000, max: 16_000 }).map((n) => `Bearer ${'A'.repeat(n)}`),
)

/** Content types, honest or not, including ones that parsers choke on. */
export const oddContentType: fc.Arbitrary<string> = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  'application/xml',
  'application/vnd.api+json',
  ';;;',
  '*/*',
)

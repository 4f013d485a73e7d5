/**
 * Fuzzes the whole route table (fast-check): any method on any path (unknown routes, encoded and
 * traversing paths, /uploads/, /healthz, the dev and emulator endpoints) with odd query strings and
 * headers, and well-formed requests to every endpoint with odd headers. Never a 5xx, errors always in
 * the `{ error, message }` shape, and nothing outside the upload directory is ever served.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { oddString } from '../../support/fuzz/garbage'
import { createFuzzTally } from '../../support/fuzz/fuzzRuns'
import { SERVER_FUZZ_RUNS, startFuzzServer, type FuzzServer } from './fuzzServer'
import { oddHeaders, wireGarbage, withBody } from './requestArbitraries'

const tally = createFuzzTally('server: routes, paths and headers')
let target: FuzzServer
let token: string

beforeAll(async () => {
  target = await startFuzzServer()
  token = await target.login()
})
afterAll(async () => {
  await target.close()
  tally.flush()
})

const KNOWN = [
  '/api/auth/login', '/api/auth/logout', '/api/auth/logout-all', '/api/me', '/api/me/avatar', '/api/me/phone',
  '/api/wx/decrypt', '/healthz', '/uploads/', '/__dev/stats', '/__emulator/login-code', '/__emulator/phone-code',
  '/__emulator/encrypt', '/__emulator/expire-session-key', '/__emulator/stats',
  '/api/auth/web-login', '/__emulator/oauth-code', '/connect/oauth2/authorize', '/connect/oauth2/authorize/consent',
  '/sns/oauth2/access_token', '/sns/oauth2/refresh_token', '/sns/userinfo', '/sns/auth', '/wxa/resetusersessionkey',
]

const segment = fc.oneof(
  fc.constantFrom('..', '.', '', '%2e%2e', '%2F', '%00', '%zz', '%', '%E4%B8%AD', '~', ';', 'api', 'me', '..%2F..%2Fetc%2Fpasswd', 'a'.repeat(2_000)),
  fc.string({ maxLength: 12, unit: fc.constantFrom(...'abcXYZ019-._~!$&\'()*+,;=:@%'.split('')) }),
)
const path = fc.oneof(
  fc.tuple(fc.constantFrom(...KNOWN), fc.array(segment, { maxLength: 3 })).map(([base, rest]) => (rest.length ? `${base.replace(/\/$/, '')}/${rest.join('/')}` : base)),
  fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => `/${s.join('/')}`),
  fc.constantFrom('/uploads/../../../../etc/passwd', '/uploads/%2e%2e/%2e%2e/etc/passwd', '/uploads/..%5c..%5cetc%5cpasswd', '//api/me', '/api//me', '/API/ME', '/api/me/', '/api/me?'),
)
const query = fc.option(
  fc.array(fc.tuple(oddString(10), oddString(20)), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')),
  { nil: undefined },
)
/** Percent-encodes, or, for strings that cannot be (lone surrogates), sends the invalid UTF-8 it would be. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value)
  } catch {
    return '%ED%A0%80'
  }
}
const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS')
// Calls that would change the emulator or the server under the other cases' feet; well-formed, they are
// covered by their own route tests.
const disruptive = (m: string, p: string): boolean => (m === 'DELETE' && p.startsWith('/__')) || (m === 'POST' && p.startsWith('/__emulator/faults'))

describe('the route table under hostile requests (fast-check)', () => {
  it(`never answers 5xx to any method, path, query or header, and never serves files outside /uploads (${SERVER_FUZZ_RUNS.routes} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(method, path, query, oddHeaders, wireGarbage, fc.boolean(), async (m, p, q, headers, wire, withToken) => {
        fc.pre(!disruptive(m, p))
        const h = withToken ? { ...headers, authorization: `Bearer ${token}` } : headers
        const response = await target.send({ method: m, url: q === undefined ? p : `${p}?${q}`, ...(m === 'GET' || m === 'HEAD' ? { headers: h } : withBody(h, wire)) })
        expect(response.body).not.toMatch(/root:.*:0:0:/)
      }),
      { numRuns: SERVER_FUZZ_RUNS.routes },
    )
    tally.record('any method, path, query and headers', SERVER_FUZZ_RUNS.routes)
  })

  it(`serves well-formed requests to every endpoint whatever the extra headers (${SERVER_FUZZ_RUNS.headers} cases)`, async () => {
    const good = fc.constantFrom(
      { method: 'GET', url: '/api/me' },
      { method: 'GET', url: '/healthz' },
      { method: 'PUT', url: '/api/me', payload: JSON.stringify({ nickname: 'fuzz' }) },
      { method: 'GET', url: '/__dev/stats' },
    )
    // A token of its own: the first property may have logged its token out, as it may.
    const own = await target.login()
    await fc.assert(
      fc.asyncProperty(good, oddHeaders, async (request, headers) => {
        const h: Record<string, string> = { ...headers, authorization: `Bearer ${own}` }
        if ('payload' in request) h['content-type'] = 'application/json'
        const response = await target.send({ ...request, method: request.method as 'GET' | 'PUT', headers: h })
        // Odd but harmless headers must not turn a valid request into a failure (CORS only adds headers).
        expect(response.statusCode, response.body).toBe(200)
      }),
      { numRuns: SERVER_FUZZ_RUNS.headers },
    )
    tally.record('well-formed requests, odd headers', SERVER_FUZZ_RUNS.headers)
  })
})

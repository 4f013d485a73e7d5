/**
 * Fuzzes the (auth) JSON endpoints with a VALID session (fast-check): profile, phone and decrypt get any
 * body in any encoding, wrong field types and unknown fields, and odd headers. Never a 5xx; errors are
 * `{ error, message }`; successes never carry a session_key; the session survives all of it.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { oddString } from '../../support/fuzz/garbage'
import { createFuzzTally } from '../../support/fuzz/fuzzRuns'
import { SERVER_FUZZ_RUNS, startFuzzServer, type FuzzServer } from './fuzzServer'
import { fieldValue, oddHeaders, wireGarbage, withBody, wrongFields, type WireBody } from './requestArbitraries'

const runs = SERVER_FUZZ_RUNS.authedJson
const tally = createFuzzTally('server: (auth) JSON endpoints with a valid session')
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

/** Base64 that decodes (sometimes to 16 bytes, the iv length) next to base64 that does not. */
const base64ish = fc.oneof(
  fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('base64')),
  fc.uint8Array({ maxLength: 96 }).map((b) => Buffer.from(b).toString('base64')),
  fc.base64String({ maxLength: 64 }),
  oddString(40),
)

const decryptBody: fc.Arbitrary<WireBody> = fc.oneof(
  wrongFields({ encryptedData: fc.oneof(base64ish, fieldValue('string')), iv: fc.oneof(base64ish, fieldValue('string')), rawData: fieldValue('string'), signature: fc.oneof(fc.string({ minLength: 40, maxLength: 40, unit: fc.constantFrom(...'0123456789abcdef'.split('')) }), fieldValue('string')) }),
  fc.record({ encryptedData: base64ish, iv: base64ish }).map((b) => ({ payload: JSON.stringify(b), contentType: 'application/json' })),
)

const endpoints: Array<{ method: 'GET' | 'PUT' | 'PATCH' | 'POST'; url: string; body: fc.Arbitrary<WireBody> }> = [
  { method: 'GET', url: '/api/me', body: fc.oneof(fc.constant<WireBody>({}), wireGarbage) },
  { method: 'PUT', url: '/api/me', body: fc.oneof(wireGarbage, wrongFields({ nickname: fieldValue('string') })) },
  { method: 'PATCH', url: '/api/me', body: fc.oneof(wireGarbage, wrongFields({ nickname: fieldValue('string') })) },
  { method: 'POST', url: '/api/me/phone', body: fc.oneof(wireGarbage, wrongFields({ code: fieldValue('string') })) },
  { method: 'POST', url: '/api/wx/decrypt', body: fc.oneof(wireGarbage, decryptBody) },
]

const request = fc.oneof(...endpoints.map((e) => e.body.map((body) => ({ method: e.method, url: e.url, body }))))

describe('(auth) JSON endpoints with a valid session under hostile input (fast-check)', () => {
  it(`never answers 5xx, keeps the error shape and the session (${runs} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(request, oddHeaders, async ({ method, url, body }, headers) => {
        const response = await target.send({ method, url, ...withBody({ ...headers, authorization: `Bearer ${token}` }, body) })
        // The token is valid, so a 401 here would mean hostile input ended or corrupted the session.
        expect(response.statusCode, response.body).not.toBe(401)
        if (response.statusCode === 200) expect(Object.keys(response.json<{ user?: object; data?: object }>())).toEqual(expect.arrayContaining([url === '/api/wx/decrypt' ? 'data' : 'user']))
      }),
      { numRuns: runs },
    )
    tally.record('profile, phone and decrypt bodies, odd headers', runs)
    const me = await target.send({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })
    expect(me.statusCode).toBe(200)
  })
})

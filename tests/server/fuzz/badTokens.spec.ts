/**
 * Fuzzes every (auth) endpoint with missing, malformed, forged and oversized bearer tokens (fast-check).
 * A well-formed request with a bad token gets exactly `401 session_expired`; a malformed one gets some
 * 4xx; none gets in, none gets a 5xx. Logout stays idempotent: 204 whatever the token.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { badAuthorization } from '../../support/fuzz/garbage'
import { createFuzzTally } from '../../support/fuzz/fuzzRuns'
import { multipart, PNG_1X1 } from '../helpers/multipart'
import { SERVER_FUZZ_RUNS, startFuzzServer, type FuzzServer } from './fuzzServer'
import { wireGarbage, withBody } from './requestArbitraries'

const runs = SERVER_FUZZ_RUNS.badTokens
const tally = createFuzzTally('server: (auth) endpoints with bad tokens')
let target: FuzzServer

beforeAll(async () => {
  target = await startFuzzServer()
  // A live session exists, so a lookup bug that matched any token would have something to match.
  await target.login()
})
afterAll(async () => {
  await target.close()
  tally.flush()
})

const avatar = multipart([{ name: 'file', filename: 'a.png', contentType: 'image/png', data: PNG_1X1 }])

/** Each (auth) endpoint with a body its schema accepts. */
const validRequests = [
  { method: 'GET', url: '/api/me' },
  { method: 'PUT', url: '/api/me', payload: { nickname: 'fuzz' } },
  { method: 'PATCH', url: '/api/me', payload: { nickname: 'fuzz' } },
  { method: 'POST', url: '/api/me/phone', payload: { code: 'phone-code' } },
  { method: 'POST', url: '/api/wx/decrypt', payload: { encryptedData: 'AAAA', iv: 'AAAAAAAAAAAAAAAAAAAAAA==' } },
  { method: 'POST', url: '/api/auth/logout-all' },
  { method: 'POST', url: '/api/me/avatar', payload: avatar.payload, headers: avatar.headers },
] as const

const maybeHeader = fc.option(badAuthorization, { nil: undefined })

describe('(auth) endpoints with bad tokens (fast-check)', () => {
  it(`answers 401 session_expired to every well-formed request with a bad or missing token (${Math.ceil(runs / 2)} cases)`, async () => {
    const n = Math.ceil(runs / 2)
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...validRequests), maybeHeader, async (request, authorization) => {
        const headers: Record<string, string> = { ...('headers' in request ? request.headers : {}) }
        if (authorization !== undefined) headers['authorization'] = authorization
        const response = await target.send({ method: request.method, url: request.url, headers, ...('payload' in request ? { payload: request.payload } : {}) })
        expect(response.statusCode, response.body).toBe(401)
        expect(response.json()).toMatchObject({ error: 'session_expired' })
      }),
      { numRuns: n },
    )
    tally.record('well-formed requests, bad tokens', n)
  })

  it(`never lets a malformed request with a bad token in, and logout answers 204 whatever the token (${Math.floor(runs / 2)} cases)`, async () => {
    const n = Math.floor(runs / 2)
    const url = fc.constantFrom('/api/me', '/api/me/phone', '/api/wx/decrypt', '/api/auth/logout-all', '/api/auth/logout', '/api/me/avatar')
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE')
    await fc.assert(
      fc.asyncProperty(method, url, maybeHeader, wireGarbage, async (m, u, authorization, wire) => {
        const headers: Record<string, string> = authorization === undefined ? {} : { authorization }
        const response = await target.send({ method: m, url: u, ...withBody(headers, wire) })
        if (m === 'POST' && u === '/api/auth/logout') expect([204, 400, 413, 415]).toContain(response.statusCode)
        else expect(response.statusCode).toBeGreaterThanOrEqual(400)
      }),
      { numRuns: n },
    )
    tally.record('malformed requests, bad tokens', n)
  })
})

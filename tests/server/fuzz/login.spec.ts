/**
 * Fuzzes `POST /api/auth/login` (fast-check): any body in any encoding, wrong field types, unknown fields
 * and odd headers. Never a 5xx, never a session, and at most one code2Session call per request.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFuzzTally } from '../../support/fuzz/fuzzRuns'
import { SERVER_FUZZ_RUNS, startFuzzServer, type FuzzServer } from './fuzzServer'
import { fieldValue, oddHeaders, wireGarbage, withBody, wrongFields } from './requestArbitraries'

const runs = SERVER_FUZZ_RUNS.login
const tally = createFuzzTally('server: POST /api/auth/login')
let target: FuzzServer

beforeAll(async () => {
  target = await startFuzzServer()
})
afterAll(async () => {
  await target.close()
  tally.flush()
})

describe('POST /api/auth/login under hostile input (fast-check)', () => {
  it(`answers every malformed login with a 4xx { error, message } and issues no session (${runs} cases)`, async () => {
    const body = fc.oneof(wireGarbage, wrongFields({ code: fieldValue('string') }))
    await fc.assert(
      fc.asyncProperty(body, oddHeaders, async (wire, headers) => {
        const wxBefore = target.server.app.wxEmulator.stats.jscode2session.calls
        const response = await target.send({ method: 'POST', url: '/api/auth/login', ...withBody(headers, wire) })
        expect(response.statusCode).toBeGreaterThanOrEqual(400)
        // No retry storm towards WeChat: an invalid code costs one call at most (-1 is the only retried errcode).
        expect(target.server.app.wxEmulator.stats.jscode2session.calls - wxBefore).toBeLessThanOrEqual(1)
      }),
      { numRuns: runs },
    )
    tally.record('malformed bodies, wrong types, odd headers', runs)
    expect(target.server.app.ctx.stats.logins).toBe(0)
  })
})

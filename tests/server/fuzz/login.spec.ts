/**
 * Fuzzes `POST /api/auth/login` and `POST /api/auth/web-login` (fast-check): any body in any encoding, wrong
 * field types, unknown fields and odd headers. Never a 5xx, never a session, and at most one call to WeChat
 * (code2Session or the web OAuth code exchange) per request.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFuzzTally } from '../../support/fuzz/fuzzRuns'
import { SERVER_FUZZ_RUNS, startFuzzServer, type FuzzServer } from './fuzzServer'
import { fieldValue, oddHeaders, wireGarbage, withBody, wrongFields } from './requestArbitraries'

const runs = SERVER_FUZZ_RUNS.login
const tally = createFuzzTally('server: POST /api/auth/login and /api/auth/web-login')
let target: FuzzServer

beforeAll(async () => {
  target = await startFuzzServer()
})
afterAll(async () => {
  await target.close()
  tally.flush()
})

describe('POST /api/auth/login and /api/auth/web-login under hostile input (fast-check)', () => {
  it(`answers every malformed login with a 4xx { error, message } and issues no session (${runs} cases)`, async () => {
    const body = fc.oneof(wireGarbage, wrongFields({ code: fieldValue('string') }))
    const url = fc.constantFrom('/api/auth/login', '/api/auth/web-login')
    const wxCalls = (): number => {
      const { jscode2session, oauth2_access_token } = target.server.app.wxEmulator.stats
      return jscode2session.calls + oauth2_access_token.calls
    }
    await fc.assert(
      fc.asyncProperty(url, body, oddHeaders, async (path, wire, headers) => {
        const wxBefore = wxCalls()
        const response = await target.send({ method: 'POST', url: path, ...withBody(headers, wire) })
        expect(response.statusCode).toBeGreaterThanOrEqual(400)
        // No retry storm towards WeChat: an invalid code costs one call at most (-1 is the only retried errcode).
        expect(wxCalls() - wxBefore).toBeLessThanOrEqual(1)
      }),
      { numRuns: runs },
    )
    tally.record('malformed bodies, wrong types, odd headers', runs)
    expect(target.server.app.ctx.stats.logins).toBe(0)
  })
})

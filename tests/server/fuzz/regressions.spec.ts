/**
 * Counterexamples the fuzz suites found, kept as plain tests so that they run on every commit whatever
 * the random seed. Each names the property it broke.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFuzzServer, type FuzzServer } from './fuzzServer'

let target: FuzzServer

beforeEach(async () => {
  target = await startFuzzServer()
})
afterEach(async () => {
  await target.close()
})

describe('fuzz regressions', () => {
  it.each(['/api/auth/login/%', '/%', '/api/me%zz', '/uploads/%', '/uploads/%E4%B8'])(
    'answers the malformed URL %s with 400 invalid_request in the { error, message } shape',
    async (url) => {
      // `send` checks the shape; the framework's own 400 was `{ error: 'Bad Request', code, statusCode }`.
      const response = await target.send({ method: 'GET', url })
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({ error: 'invalid_request' })
    },
  )

  it('answers an OPTIONS request without the preflight headers without breaking the error shape', async () => {
    // @fastify/cors's strict mode answered 400 text/plain "Invalid Preflight Request".
    const response = await target.send({ method: 'OPTIONS', url: '/api/auth/login' })
    expect(response.statusCode).toBeLessThan(300)
  })
})

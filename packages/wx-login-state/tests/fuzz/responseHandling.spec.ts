/**
 * Property-based checks of how the client library handles whatever a backend answers: garbage, HTML,
 * empty bodies, wrong shapes, odd statuses and headers. Each must end in a typed `AuthError`, with no
 * more than the contract's one retry, and the session state left as it was.
 */
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { createAuth, type Auth } from '../../src/createAuth'
import { HttpError, InvalidResponseError, LoginFailedError, isAuthError } from '../../src/errors'
import { DEFAULT_STORAGE_KEY } from '../../src/session/tokenStorage'
import { createFakeBackend } from '../../src/testing/fakeBackend'
import { createFakePlatform, type FakePlatform, type FakeTransportCall } from '../../src/testing/fakePlatform'
import type { TransportResponse } from '../../src/platform/types'
import { garbageBody, oddString } from '../../../../tests/support/fuzz/garbage'
import { createFuzzTally, splitRuns } from '../../../../tests/support/fuzz/fuzzRuns'
import { almostValidSession, almostValidUserEnvelope } from './almostValid'

const BASE = 'http://backend.test'
const runs = splitRuns({ login2xx: 3, loginAnyStatus: 2, account2xx: 3, accountAnyStatus: 2 })
const tally = createFuzzTally('client response handling')
afterAll(() => tally.flush())

/** Statuses a backend or a proxy in front of it may answer with, 401 excepted (that one means "log in again"). */
const nonExpiryStatus = fc.oneof(
  fc.constantFrom(200, 201, 204, 301, 302, 304, 400, 403, 404, 405, 413, 415, 418, 429, 500, 502, 503, 504),
  fc.integer({ min: 100, max: 599 }).filter((s) => s !== 401),
)
const twoHundreds = fc.constantFrom(200, 201, 202, 204, 206, 299)

const oddHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'text/html', 'text/plain', '', 'application/json; charset=gbk'),
    'retry-after': fc.oneof(fc.constantFrom('0', '5', '-1', '1e3', ' 30 ', 'Wed, 21 Oct 2015 07:28:00 GMT', '99999999999'), oddString(20)),
    'content-length': fc.constantFrom('0', '-1', 'abc', '999999999999'),
  },
  { requiredKeys: [] },
)

// The fake transport copies bodies through JSON, which caps the nesting it can carry.
const garbage = garbageBody(3_000)
const loginBody = fc.oneof({ weight: 3, arbitrary: garbage }, { weight: 2, arbitrary: almostValidSession })
const accountBody = fc.oneof({ weight: 3, arbitrary: garbage }, { weight: 2, arbitrary: almostValidUserEnvelope })

type AccountCall = 'me' | 'updateNickname' | 'uploadAvatar' | 'bindPhone'
const accountCall = fc.constantFrom<AccountCall>('me', 'updateNickname', 'uploadAvatar', 'bindPhone')

function callAccount(auth: Auth, which: AccountCall): Promise<unknown> {
  switch (which) {
    case 'me':
      return auth.account.me()
    case 'updateNickname':
      return auth.account.updateNickname('小明')
    case 'uploadAvatar':
      return auth.account.uploadAvatar('/tmp/avatar.png')
    case 'bindPhone':
      return auth.account.bindPhone('phone_code')
  }
}

function isLoginCall(call: FakeTransportCall): boolean {
  return call.kind === 'request' && call.method === 'POST' && call.url.endsWith('/api/auth/login')
}

/** A fresh anonymous client whose backend answers every login with `response`. */
async function anonymousClient(response: TransportResponse): Promise<{ auth: Auth; platform: FakePlatform }> {
  const platform = createFakePlatform()
  platform.handler = (call) => (isLoginCall(call) ? response : { status: 404, headers: {}, data: { error: 'not_found', message: '' } })
  const auth = createAuth({ platform, baseURL: BASE })
  await auth.session.ready()
  return { auth, platform }
}

/** A fresh client logged in against the in-memory backend, whose account endpoints then answer `response`. */
async function loggedInClient(response: TransportResponse): Promise<{ auth: Auth; platform: FakePlatform }> {
  const platform = createFakePlatform()
  const backend = createFakeBackend(platform)
  platform.handler = backend.handle
  const auth = createAuth({ platform, baseURL: BASE })
  await auth.session.ready()
  await auth.session.login()
  platform.handler = (call) => (new URL(call.url).pathname.startsWith('/api/me') ? response : backend.handle(call))
  return { auth, platform }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection, got a success')
}

function expectLoginFailure(error: unknown, status: number): void {
  expect(isAuthError(error)).toBe(true)
  expect(error).toBeInstanceOf(LoginFailedError)
  const failure = error as LoginFailedError
  expect(failure.status).toBe(status)
  if (status >= 200 && status < 300) expect(failure.reason).toBe('invalid_response')
  else expect(failure.reason).toMatch(/^[a-z0-9_]{1,64}$/)
  if (failure.retryAfterSec !== undefined) expect(Number.isInteger(failure.retryAfterSec) && failure.retryAfterSec >= 0).toBe(true)
}

describe('client response handling under garbage (fast-check)', () => {
  it(`rejects every malformed 2xx login answer with a typed error and stays logged out (${runs.login2xx} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(twoHundreds, loginBody, oddHeaders, async (status, data, headers) => {
        const { auth, platform } = await anonymousClient({ status, headers, data })
        const error = await rejection(auth.session.login())
        expectLoginFailure(error, status)
        expect(auth.session.state).toMatchObject({ status: 'anonymous', user: null, expiresAt: null })
        expect(platform.storage.getRaw(DEFAULT_STORAGE_KEY)).toBe('')
        expect(platform.calls.login).toBe(1)
      }),
      { numRuns: runs.login2xx },
    )
    tally.record('login, malformed 2xx', runs.login2xx)
  })

  it(`rejects every login answer of any status with a typed error after at most one retry (${runs.loginAnyStatus} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nonExpiryStatus, fc.constant(401)), loginBody, oddHeaders, async (status, data, headers) => {
        const { auth, platform } = await anonymousClient({ status, headers, data })
        const error = await rejection(auth.session.login())
        expectLoginFailure(error, status)
        expect(auth.session.state).toMatchObject({ status: 'anonymous', user: null, expiresAt: null })
        expect(platform.storage.getRaw(DEFAULT_STORAGE_KEY)).toBe('')
        // One fresh code after `401 invalid_code` is the contract; anything more would be a retry storm.
        expect(platform.calls.login).toBeLessThanOrEqual(2)
        expect(platform.transportLog.filter(isLoginCall).length).toBe(platform.calls.login)
      }),
      { numRuns: runs.loginAnyStatus },
    )
    tally.record('login, any status', runs.loginAnyStatus)
  })

  it(`rejects every malformed 2xx account answer with InvalidResponseError and keeps the session as it was (${runs.account2xx} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(twoHundreds, accountBody, oddHeaders, accountCall, async (status, data, headers, which) => {
        const { auth, platform } = await loggedInClient({ status, headers, data })
        const stateBefore = auth.session.state
        const storedBefore = JSON.stringify(platform.storage.getRaw(DEFAULT_STORAGE_KEY))
        const error = await rejection(callAccount(auth, which))
        expect(error).toBeInstanceOf(InvalidResponseError)
        expect(auth.session.state).toBe(stateBefore)
        expect(JSON.stringify(platform.storage.getRaw(DEFAULT_STORAGE_KEY))).toBe(storedBefore)
        expect(platform.calls.login).toBe(1)
      }),
      { numRuns: runs.account2xx },
    )
    tally.record('account endpoints, malformed 2xx', runs.account2xx)
  })

  it(`rejects every non-2xx account answer with HttpError carrying the status, without a re-login (${runs.accountAnyStatus} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(nonExpiryStatus.filter((s) => s < 200 || s >= 300), accountBody, oddHeaders, accountCall, async (status, data, headers, which) => {
        const { auth, platform } = await loggedInClient({ status, headers, data })
        const stateBefore = auth.session.state
        const storedBefore = JSON.stringify(platform.storage.getRaw(DEFAULT_STORAGE_KEY))
        const error = await rejection(callAccount(auth, which))
        expect(error).toBeInstanceOf(HttpError)
        expect((error as HttpError).status).toBe(status)
        expect(auth.session.state).toBe(stateBefore)
        expect(JSON.stringify(platform.storage.getRaw(DEFAULT_STORAGE_KEY))).toBe(storedBefore)
        expect(platform.calls.login).toBe(1)
      }),
      { numRuns: runs.accountAnyStatus },
    )
    tally.record('account endpoints, non-2xx', runs.accountAnyStatus)
  })
})

import { describe, expect, it } from 'vitest'
import { fakeRoundTripBackend } from '../../../bench/roundTrips/fakeRoundTripBackend'
import { firstOnlyReplayModel } from '../../../bench/roundTrips/firstOnlyReplayModel'
import { ourClient } from '../../../bench/roundTrips/ourClient'
import { perRequestLoginModel } from '../../../bench/roundTrips/perRequestLoginModel'
import { runRoundTrip } from '../../../bench/roundTrips/runRoundTrips'

describe('runRoundTrip on the fake platform', () => {
  it('makes no network call before the first business call when our client launches with a valid session', async () => {
    const run = await runRoundTrip(fakeRoundTripBackend(), ourClient, 'valid', 10)
    expect(run).toMatchObject({ wxLogin: 0, login: 0, business: 10, failures: 0, beforeFirstBusiness: 0 })
  })

  it('re-logs in once and sends each of 50 requests once when our client knows the session expired', async () => {
    const run = await runRoundTrip(fakeRoundTripBackend(), ourClient, 'expired-known', 50)
    expect(run).toMatchObject({ wxLogin: 1, login: 1, business: 50, failures: 0 })
  })

  it('re-logs in once and retries each of 50 requests once when only the server knows', async () => {
    const run = await runRoundTrip(fakeRoundTripBackend(), ourClient, 'expired-server', 50)
    expect(run).toMatchObject({ wxLogin: 1, login: 1, business: 100, failures: 0 })
  })

  it('logs in once for 20 concurrent requests on a cold launch', async () => {
    const run = await runRoundTrip(fakeRoundTripBackend(), ourClient, 'cold', 20)
    expect(run).toMatchObject({ wxLogin: 1, login: 1, business: 20, failures: 0 })
  })

  it('models the per-request baseline as one login per failing request', async () => {
    const run = await runRoundTrip(fakeRoundTripBackend(), perRequestLoginModel, 'expired-server', 20)
    expect(run).toMatchObject({ wxLogin: 20, login: 20, business: 40, failures: 0 })
  })

  it('models the flag baseline as replaying only the first request and rejecting the rest', async () => {
    const run = await runRoundTrip(fakeRoundTripBackend(), firstOnlyReplayModel, 'expired-server', 20)
    expect(run).toMatchObject({ wxLogin: 1, login: 1, business: 21, failures: 19 })
  })

  it('rejects a request count that is not a positive integer', async () => {
    await expect(runRoundTrip(fakeRoundTripBackend(), ourClient, 'valid', 0)).rejects.toThrow(RangeError)
  })
})

import { describe, expect, it } from 'vitest'
import { evaluateOurRuns } from '../../../bench/roundTrips/roundTripTargets'
import type { RoundTripRun } from '../../../bench/roundTrips/runRoundTrips'

const run = (over: Partial<RoundTripRun>): RoundTripRun => ({
  wxLogin: 1,
  login: 1,
  refresh: 0,
  business: 10,
  other: 0,
  beforeFirstBusiness: 2,
  failures: 0,
  wallMs: 1,
  ...over,
})

describe('evaluateOurRuns', () => {
  it('holds a known expiry to one login and N business calls', () => {
    expect(evaluateOurRuns('expired-known', 10, [run({})]).holds).toBe(true)
    const v = evaluateOurRuns('expired-known', 10, [run({ business: 11 })])
    expect(v.holds).toBe(false)
    expect(v.misses[0]).toMatch(/11 business calls/)
  })

  it('allows up to 2N business calls when only the server knows the session expired', () => {
    expect(evaluateOurRuns('expired-server', 10, [run({ business: 20 })]).holds).toBe(true)
    expect(evaluateOurRuns('expired-server', 10, [run({ business: 21 })]).holds).toBe(false)
  })

  it('misses when any repeat logged in twice, even if the median would not show it', () => {
    const v = evaluateOurRuns('cold', 10, [run({}), run({ wxLogin: 2, login: 2 }), run({})])
    expect(v.holds).toBe(false)
    expect(v.misses).toEqual(['2 wx.login / 2 login calls instead of 1 (repeat 2)'])
  })

  it('requires no login and no call before the first business call on a warm launch', () => {
    expect(evaluateOurRuns('valid', 10, [run({ wxLogin: 0, login: 0, beforeFirstBusiness: 0 })]).holds).toBe(true)
    expect(evaluateOurRuns('valid', 10, [run({ wxLogin: 0, login: 0, beforeFirstBusiness: 1 })]).holds).toBe(false)
  })

  it('misses on any failure', () => {
    expect(evaluateOurRuns('cold', 10, [run({ failures: 1 })]).holds).toBe(false)
  })

  it('holds a refreshing backend to 1 refresh and no login when the session expired, and to 1 login on a cold launch', () => {
    expect(evaluateOurRuns('expired-known', 10, [run({ wxLogin: 0, login: 0, refresh: 1 })], 'refresh').holds).toBe(true)
    expect(evaluateOurRuns('expired-server', 10, [run({ wxLogin: 1, login: 1, refresh: 1, business: 20 })], 'refresh').holds).toBe(false)
    expect(evaluateOurRuns('cold', 10, [run({ wxLogin: 1, login: 1, refresh: 0 })], 'refresh').holds).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { FULL_PLAN, QUICK_PLAN, SECTIONS, parseSections } from '../../bench/plan'

describe('bench plan', () => {
  it('runs every section when BENCH_ONLY is unset, and the named ones otherwise', () => {
    expect(parseSections(undefined)).toEqual([...SECTIONS])
    expect(parseSections(' Bundle, server ')).toEqual(['bundle', 'server'])
  })

  it('names an unknown section instead of silently running nothing', () => {
    expect(() => parseSections('bundel')).toThrow(/unknown section "bundel"/)
  })

  it('keeps the issue sizes in the full plan and one million requests for the leak run', () => {
    expect(FULL_PLAN.roundTrips.sizes).toEqual([1, 10, 100, 1000])
    expect(FULL_PLAN.overhead).toMatchObject({ sequential: 100_000, concurrentTotal: 10_000, concurrency: 100 })
    expect(FULL_PLAN.throughput.leakRequests).toBe(1_000_000)
    expect(QUICK_PLAN.quick).toBe(true)
  })
})

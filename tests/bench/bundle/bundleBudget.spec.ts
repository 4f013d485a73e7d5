import { describe, expect, it } from 'vitest'
import { checkBudget, parseBudget } from '../../../bench/bundle/bundleBudget'

const budget = { rawBytes: 10_000, gzipBytes: 4_000, maxGrowth: 0.1, recordedAt: '2026-01-01' }

describe('bundle budget', () => {
  it('passes growth up to 10% over the recorded figure', () => {
    expect(checkBudget({ files: 3, raw: 11_000, gzip: 4_400 }, budget).ok).toBe(true)
  })

  it('fails when raw or gzip grows more than 10%', () => {
    expect(checkBudget({ files: 3, raw: 11_001, gzip: 4_000 }, budget).ok).toBe(false)
    const v = checkBudget({ files: 3, raw: 10_000, gzip: 4_401 }, budget)
    expect(v.ok).toBe(false)
    expect(v.lines[1]).toMatch(/^✖ gzip 4,401 B of 4,400 B allowed/)
  })

  it('fails a build without any library file rather than calling it smaller', () => {
    expect(checkBudget({ files: 0, raw: 0, gzip: 0 }, budget).ok).toBe(false)
  })

  it('rejects a budget file with a missing or non-positive figure, naming the field', () => {
    expect(parseBudget(budget)).toEqual(budget)
    expect(() => parseBudget({ ...budget, gzipBytes: 0 })).toThrow(/gzipBytes/)
    expect(() => parseBudget(null)).toThrow(TypeError)
  })
})

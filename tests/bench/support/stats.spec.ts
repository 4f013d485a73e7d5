import { describe, expect, it } from 'vitest'
import { formatBytes, median, percentile } from '../../../bench/support/stats'

describe('stats', () => {
  it('takes the middle value of an odd list and the mean of the two middle values of an even one', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })

  it('interpolates percentiles between the closest ranks', () => {
    const values = Array.from({ length: 101 }, (_, i) => i)
    expect(percentile(values, 99)).toBe(99)
    expect(percentile([10, 20], 50)).toBe(15)
    expect(percentile([7], 99)).toBe(7)
  })

  it('refuses an empty list or a percentile out of range instead of printing NaN', () => {
    expect(() => median([])).toThrow(RangeError)
    expect(() => percentile([1], 101)).toThrow(/0\.\.100/)
  })

  it('formats bytes with the unit that fits', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(12_390)).toBe('12.1 KiB')
    expect(formatBytes(-3 * 1024 * 1024)).toBe('-3 MiB')
  })
})

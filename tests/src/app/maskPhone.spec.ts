import { describe, expect, it } from 'vitest'
import { maskPhone } from '@/src/app/maskPhone'

describe('maskPhone', () => {
  it('keeps the first three and the last four digits of a mainland number', () => {
    expect(maskPhone('13800138000')).toBe('138****8000')
  })

  it('drops a +86 prefix written into the number and the country code 86', () => {
    expect(maskPhone('+86 13800138000')).toBe('138****8000')
    expect(maskPhone('13800138000', '86')).toBe('138****8000')
    expect(maskPhone('13800138000', 86)).toBe('138****8000')
  })

  it('keeps a foreign country code in front of a shorter masked number', () => {
    expect(maskPhone('51234567', '852')).toBe('+852 51**4567')
  })

  it('ignores separators inside the number', () => {
    expect(maskPhone('138-0013-8000')).toBe('138****8000')
  })

  it('hides a number too short to mask rather than showing it', () => {
    expect(maskPhone('12345')).toBe('*****')
    expect(maskPhone('')).toBe('****')
  })

  it('never shows the whole number, whatever its length', () => {
    for (let length = 1; length <= 15; length++) {
      const digits = '9876543210987654'.slice(0, length)
      const masked = maskPhone(digits)
      expect(masked).toContain('*')
      expect(masked.replace(/\*/g, '').length).toBeLessThan(Math.max(length, 1))
    }
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scrubUrl } from '../../../server/logging/scrubUrl'
import type { ScanMeter } from '../../../server/logging/scrubUrl'
import { countedMatches } from '../helpers/countingRegex'

// The expression the scan replaced: the oracle for what is redacted, on inputs short enough for its quadratic cost.
const OLD_QUERY_VALUE = /([?&][^=&#]*=)[^&#]*/g
const oldScrub = (url: string): string => url.replace(OLD_QUERY_VALUE, '$1[Redacted]')

// The characters that steer the scan, and enough others to make names and values.
const urlChars = fc.constantFrom('?', '&', '=', '#', 'a', 'b', '%', '/', ' ', '?', '&')
const urls = fc.array(urlChars, { maxLength: 200 }).map((chars) => chars.join(''))
// An attacker pumps a short fragment: many `?`, `?=` or `&` with no `=`.
const pumped = fc
  .tuple(fc.array(urlChars, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1000, max: 20_000 }), urls)
  .map(([fragment, length, tail]) => fragment.join('').repeat(Math.ceil(length / fragment.length)).slice(0, length) + tail)

function steps(url: string): number {
  const meter: ScanMeter = { steps: 0 }
  scrubUrl(url, meter)
  return meter.steps
}

describe('scrubUrl', () => {
  it('removes every query value and keeps the names', () => {
    expect(scrubUrl('/sns/jscode2session?appid=wx1&secret=S&js_code=C&grant_type=authorization_code')).toBe(
      '/sns/jscode2session?appid=[Redacted]&secret=[Redacted]&js_code=[Redacted]&grant_type=[Redacted]',
    )
    expect(scrubUrl('/api/me?authorization=Bearer%20abc')).toBe('/api/me?authorization=[Redacted]')
    expect(scrubUrl('/api/me?a?b=1#frag?c=2&d')).toBe('/api/me?a?b=[Redacted]#frag?c=[Redacted]&d')
    expect(scrubUrl('/api/me?x=')).toBe('/api/me?x=[Redacted]')
    expect(scrubUrl('/api/me')).toBe('/api/me')
  })

  it('redacts exactly what the regular expression it replaced redacted', () => {
    fc.assert(
      fc.property(urls, (url) => {
        expect(scrubUrl(url)).toBe(oldScrub(url))
      }),
      { numRuns: 2000 },
    )
  })

  it('reads each character at most twice, on any input', () => {
    fc.assert(
      fc.property(fc.oneof(urls, pumped), (url) => {
        expect(steps(url)).toBeLessThanOrEqual(2 * url.length)
      }),
      { numRuns: 300 },
    )
    expect(steps('?'.repeat(16_000))).toBeLessThanOrEqual(32_000)
  })

  it('the bound catches the quadratic expression it replaced (a check of the check)', () => {
    // The same bound, counted for the old expression by a step-counting backtracking matcher.
    for (const url of ['?'.repeat(1000), '?a'.repeat(500), '?#'.repeat(500).replace(/#/g, 'b')]) {
      const { steps: oldSteps } = countedMatches(OLD_QUERY_VALUE, url)
      expect(oldSteps).toBeGreaterThan(100 * url.length)
    }
  })
})

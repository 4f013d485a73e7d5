import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SECRET_PATTERNS } from '../../../server/logging/redactSecrets'
import { countedMatches } from '../helpers/countingRegex'

/** At most this many matcher steps per character of a line, for every pattern; the widest pattern spans 57. */
const STEPS_PER_CHAR = 150

// Pieces that start, continue or nearly complete a match of some pattern, so the matcher is pushed to backtrack.
const pieces = fc.constantFrom(
  'Bearer',
  'bearer',
  ' ',
  '\t',
  '%20',
  '+',
  '=',
  '==',
  '.',
  '/',
  '-',
  '_',
  'a',
  'Z',
  '7',
  '?',
  '&',
  '"',
  'x'.repeat(11),
  'y'.repeat(12),
  'k'.repeat(22),
  'q'.repeat(42),
  'T'.repeat(43),
)
const lines = fc.array(pieces, { maxLength: 80 }).map((parts) => parts.join(''))
const pumpedLines = fc
  .tuple(fc.array(pieces, { minLength: 1, maxLength: 4 }), fc.integer({ min: 400, max: 1500 }))
  .map(([parts, length]) => {
    const fragment = parts.join('')
    return fragment.repeat(Math.ceil(length / fragment.length)).slice(0, length)
  })

function v8Matches(regex: RegExp, input: string): [number, number][] {
  return [...input.matchAll(new RegExp(regex.source, regex.flags))].map((m) => [m.index, m.index + m[0].length])
}

describe('SECRET_PATTERNS', () => {
  it.each(SECRET_PATTERNS.map(([pattern]) => [String(pattern), pattern] as const))(
    '%s finds what V8 finds, in linear work on adversarial lines',
    (_name, pattern) => {
      fc.assert(
        fc.property(fc.oneof(lines, pumpedLines), (line) => {
          const { matches, steps } = countedMatches(pattern, line)
          expect(matches).toEqual(v8Matches(pattern, line))
          expect(steps).toBeLessThanOrEqual(STEPS_PER_CHAR * (line.length + 1))
        }),
        { numRuns: 200 },
      )
    },
  )

  it('the bound catches a quadratic pattern (a check of the check)', () => {
    // The old query-value expression, which cost ~130 ms per 16,000-character URL.
    const quadratic = /([?&][^=&#]*=)[^&#]*/g
    const line = '?'.repeat(1500)
    expect(countedMatches(quadratic, line).steps).toBeGreaterThan(STEPS_PER_CHAR * (line.length + 1))
  })
})

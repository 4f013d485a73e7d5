import { describe, expect, it } from 'vitest'
import { readField, readToken } from '../../src/backend/answerFields'
import { readExpiry } from '../../src/backend/readExpiry'
import { jwtClaims, jwtExpiry } from '../../src/backend/presets/jwt'
import { InvalidResponseError } from '../../src/errors'

const NOW = 1_800_000_000_000
const answer = (data: unknown, headers: Record<string, string> = {}) => ({ status: 200, data, headers })
const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`

describe('reading an answer by the description', () => {
  it('reads dotted body paths and headers, and treats null as absent', () => {
    const a = answer({ data: { access_token: 't', n: null } }, { 'x-token': 'h' })
    expect(readField(a, 'data.access_token')).toBe('t')
    expect(readField(a, 'data.n')).toBeUndefined()
    expect(readField(a, 'data.missing.deeper')).toBeUndefined()
    expect(readField(a, { header: 'X-Token' })).toBe('h')
  })

  it('names the missing or unusable token field', () => {
    expect(() => readToken(answer({ data: {} }), 'data.access_token', 'login answer')).toThrow(
      new InvalidResponseError('login answer: data.access_token is missing'),
    )
    expect(() => readToken(answer({ token: 'a b' }), 'token', 'login answer')).toThrow('login answer: token is not a printable token')
    expect(() => readToken(answer({}), { header: 'X-Session' }, 'login answer')).toThrow('login answer: header x-session is missing')
  })

  it('reads every form of expiry as absolute milliseconds', () => {
    const a = answer({ ms: NOW + 5, s: 1_800_000_100, rel: 30, iso: '2027-01-15T08:00:00.000Z' }, { 'x-exp': '1800000200' })
    expect(readExpiry(a, { at: 'ms', unit: 'ms' }, 't', NOW, 'w')).toBe(NOW + 5)
    expect(readExpiry(a, { at: 's', unit: 's' }, 't', NOW, 'w')).toBe(1_800_000_100_000)
    expect(readExpiry(a, { at: 'iso', unit: 'date' }, 't', NOW, 'w')).toBe(Date.parse('2027-01-15T08:00:00.000Z'))
    expect(readExpiry(a, { in: 'rel', unit: 's' }, 't', NOW, 'w')).toBe(NOW + 30_000)
    expect(readExpiry(a, { in: 'rel', unit: 'ms' }, 't', NOW, 'w')).toBe(NOW + 30)
    expect(readExpiry(a, { at: { header: 'x-exp' }, unit: 's' }, 't', NOW, 'w')).toBe(1_800_000_200_000)
    expect(readExpiry(a, jwtExpiry, jwt({ exp: 1_800_000_300, userId: 7 }), NOW, 'w')).toBe(1_800_000_300_000)
    expect(readExpiry(a, 'unknown', 't', NOW, 'w')).toBeNull()
  })

  it('names a wrong expiry field, and refuses a token that is not a JWT when the rule says jwt', () => {
    expect(() => readExpiry(answer({ data: {} }), { in: 'data.expire_in', unit: 's' }, 't', NOW, 'login answer')).toThrow(
      'login answer: data.expire_in is missing',
    )
    expect(() => readExpiry(answer({ e: 'soon' }), { at: 'e', unit: 'ms' }, 't', NOW, 'w')).toThrow('w: e is not a non-negative number')
    expect(() => readExpiry(answer({ e: 'soon' }), { at: 'e', unit: 'date' }, 't', NOW, 'w')).toThrow('w: e is not a date')
    expect(() => readExpiry(answer({}), jwtExpiry, 'opaque', NOW, 'w')).toThrow('w: the token is not a JWT with a numeric exp')
  })

  it('decodes JWT claims without atob, UTF-8 included', () => {
    expect(jwtClaims(jwt({ name: '小明', exp: 1 }))).toEqual({ name: '小明', exp: 1 })
    expect(jwtClaims('a.b')).toBeUndefined()
    expect(jwtClaims('a.!!!.c')).toBeUndefined()
  })
})

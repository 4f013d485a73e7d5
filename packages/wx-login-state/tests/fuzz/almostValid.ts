/**
 * Bodies that are one mistake away from a valid answer of the HTTP contract: the most likely shape of
 * a real backend bug, and the one a lenient parser lets through. Every generated value is invalid by
 * construction (a required field missing or of the wrong type, or a token that cannot go into a header).
 */
import fc from 'fast-check'
import { oddString, wrongType } from '../../../../tests/support/fuzz/garbage'

const validUser = (): Record<string, unknown> => ({
  id: 'u_1',
  openid: 'o_fuzz',
  nickname: '',
  avatarUrl: '',
  createdAt: 1_735_689_600_000,
})

/** A user object with exactly one field broken. */
export const almostValidUser: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  // A required string missing, of the wrong type, or (for id/openid) empty.
  fc.tuple(fc.constantFrom('id', 'openid'), fc.oneof(wrongType('string'), fc.constant(''), fc.constant(undefined))).map(([k, v]) => patch(validUser(), k, v)),
  fc.tuple(fc.constantFrom('nickname', 'avatarUrl'), fc.oneof(wrongType('string'), fc.constant(undefined))).map(([k, v]) => patch(validUser(), k, v)),
  fc.tuple(fc.constant('createdAt'), fc.oneof(wrongType('number'), fc.constant(-1), fc.constant(undefined))).map(([k, v]) => patch(validUser(), k, v)),
  // Optional strings may be absent or null, but never another type.
  fc.tuple(fc.constantFrom('unionid', 'phoneNumber', 'countryCode'), fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.object({ maxDepth: 1 }))).map(([k, v]) => patch(validUser(), k, v)),
)

/** Characters or lengths that must never be copied into an `Authorization` header. */
const unusableToken: fc.Arbitrary<unknown> = fc.oneof(
  wrongType('string'),
  fc.constant(''),
  fc.constant('x'.repeat(2049)),
  fc.tuple(oddString(20), fc.constantFrom(' ', '\n', '\r\n', '\t', '\u0000', 'é', '字')).map(([s, bad]) => `tok${s}${bad}en`),
)

/** A `{ token, expiresAt, user }` login answer with exactly one thing wrong. */
export const almostValidSession: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  unusableToken.map((token) => ({ token, expiresAt: 1_735_700_000_000, user: validUser() })),
  fc.oneof(wrongType('number'), fc.constant(-5), fc.constant(undefined)).map((expiresAt) => ({ token: 'T'.repeat(43), expiresAt, user: validUser() })),
  fc.oneof(wrongType('object'), fc.constant(undefined), fc.array(fc.jsonValue(), { maxLength: 2 })).map((user) => ({ token: 'T'.repeat(43), expiresAt: 1_735_700_000_000, user })),
  almostValidUser.map((user) => ({ token: 'T'.repeat(43), expiresAt: 1_735_700_000_000, user })),
)

/** A `{ user }` answer of the /api/me endpoints with the user broken, or no user at all. */
export const almostValidUserEnvelope: fc.Arbitrary<unknown> = fc.oneof(
  almostValidUser.map((user) => ({ user })),
  fc.constant({ data: validUser() }),
  fc.constant(validUser()),
  wrongType('object').map((user) => ({ user })),
)

function patch(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  if (value === undefined) {
    const { [key]: _dropped, ...rest } = base
    return rest
  }
  return { ...base, [key]: value }
}

import { createHash, randomBytes } from 'node:crypto'

/** A bearer token is 32 random bytes in base64url: exactly 43 characters from this alphabet. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

/** A new opaque session token (32 random bytes, base64url, 43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * The store key of a token: SHA-256, hex. Storing hashes means a leaked store dump (or a Redis MONITOR) does not
 * hand out working tokens; a plain hash suffices because the tokens are 256 random bits, not guessable passwords.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** True when `token` has the shape this server issues; anything else is rejected without a store lookup. */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_SHAPE.test(token)
}

/** Extracts the token from an `Authorization: Bearer <token>` header value, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header)
  const token = match?.[1]
  return token !== undefined && isWellFormedToken(token) ? token : undefined
}

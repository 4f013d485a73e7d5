import { createHash, randomBytes } from 'node:crypto'
import type { SessionLocator } from '../stores/sessionStore'

/**
 * A bearer token is `<tag>.<secret>`: the user's 12-character slot tag (9 random bytes, base64url, the same for all
 * of the user's tokens and unrelated to their id or openid) and 32 fresh random bytes (43 base64url characters).
 */
const TOKEN_SHAPE = /^([A-Za-z0-9_-]{12})\.[A-Za-z0-9_-]{43}$/

/** A new opaque session token for a user whose slot tag is `tag` (56 characters, see TOKEN_SHAPE). */
export function newToken(tag: string): string {
  if (!/^[A-Za-z0-9_-]{12}$/.test(tag)) throw new TypeError(`newToken: "${tag}" is not a 12-character base64url slot tag`)
  return `${tag}.${randomBytes(32).toString('base64url')}`
}

/**
 * The store key of a token: SHA-256 of the whole token, hex. Storing hashes means a leaked store dump (or a Redis
 * MONITOR) does not hand out working tokens; a plain hash suffices because the tokens carry 256 random bits, not
 * guessable passwords.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** True when `token` has the shape this server issues; anything else is rejected without a store lookup. */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_SHAPE.test(token)
}

/**
 * Where the session of a well-formed token lives (its tag and hash), or undefined for any other string; no store
 * is asked, so a Redis Cluster client goes straight to the right slot.
 */
export function locateToken(token: string): SessionLocator | undefined {
  const tag = TOKEN_SHAPE.exec(token)?.[1]
  return tag === undefined ? undefined : { tag, hash: hashToken(token) }
}

/** Extracts the token from an `Authorization: Bearer <token>` header value, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header)
  const token = match?.[1]
  return token !== undefined && isWellFormedToken(token) ? token : undefined
}

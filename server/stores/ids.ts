import { randomBytes } from 'node:crypto'

/** A new opaque user id: `u_` and 16 random bytes in base64url. */
export function newUserId(): string {
  return `u_${randomBytes(16).toString('base64url')}`
}

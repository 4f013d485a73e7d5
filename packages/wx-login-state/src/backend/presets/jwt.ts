import { InvalidResponseError } from '../../errors'
import type { ExpirySource } from '../types'

/**
 * An expiry rule for a token that is a JWT: its `exp` claim, in ms since the epoch. Nothing is
 * verified; the backend does that. Throws an `InvalidResponseError` when the token is not a JWT with
 * a numeric `exp`.
 */
export function jwtExpiry({ token, where }: ExpirySource): number {
  const exp = jwtClaims(token)?.['exp']
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0) throw new InvalidResponseError(`${where}: the token is not a JWT with a numeric exp`)
  return exp * 1000
}

/** The claims of a JWT (its middle part), or `undefined` when `token` is not one. Nothing is verified. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1]
  if (part === undefined || token.split('.').length !== 3) return undefined
  try {
    const claims: unknown = JSON.parse(decodeBase64Url(part))
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

// NOTE: mini programs have no atob; a JWT's payload is small, so a plain loop does.
function decodeBase64Url(text: string): string {
  let bits = 0
  let value = 0
  const bytes: number[] = []
  for (const ch of text.replace(/=+$/, '')) {
    const index = ALPHABET.indexOf(ch === '+' ? '-' : ch === '/' ? '_' : ch)
    if (index < 0) throw new Error('not base64url')
    value = (value << 6) | index
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes.push((value >> bits) & 0xff)
    }
  }
  let encoded = ''
  for (const byte of bytes) encoded += `%${byte.toString(16).padStart(2, '0')}`
  return decodeURIComponent(encoded)
}

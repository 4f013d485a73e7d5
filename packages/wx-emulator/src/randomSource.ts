import { randomBytes } from 'node:crypto'

/** Returns `size` random bytes. Injected so tests can make identifiers predictable. */
export type RandomBytes = (size: number) => Buffer

/** The default {@link RandomBytes}: the operating system's CSPRNG. */
export const cryptoRandomBytes: RandomBytes = (size) => randomBytes(size)

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const BASE64URL = `${ALNUM}-_`
const HEX = '0123456789abcdef'

/** Character sets used by WeChat identifiers. */
export const ALPHABETS = { alnum: ALNUM, base64url: BASE64URL, hex: HEX } as const

/**
 * Draws a string of `length` characters from `alphabet`. Bytes that would bias the modulo are rejected,
 * so every character is equally likely (openids and codes are then as unguessable as their length says).
 */
export function randomString(random: RandomBytes, length: number, alphabet: string): string {
  const limit = 256 - (256 % alphabet.length)
  let out = ''
  while (out.length < length) {
    for (const byte of random(length - out.length + 8)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length]
    }
  }
  return out
}

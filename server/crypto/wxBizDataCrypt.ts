import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto'
import { DecryptError } from './decryptError'

/** Strict standard base64 (what WeChat sends); Node's decoder alone would silently skip bad characters. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

function decodeBase64(value: string): Buffer | undefined {
  return value !== '' && BASE64.test(value) ? Buffer.from(value, 'base64') : undefined
}

/** The deepest nesting accepted in decrypted open data; WeChat's own payloads are 3 levels deep. */
export const OPEN_DATA_MAX_DEPTH = 32

/** The largest decrypted open-data plaintext accepted, in bytes. */
export const OPEN_DATA_MAX_BYTES = 32 * 1024

/**
 * The nesting depth of a JSON text, counted without parsing it (brackets outside strings). Deep nesting must be
 * refused before anything recursive (JSON.stringify in the response serializer) walks the value.
 */
export function jsonDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth)
    else if (c === 0x7d || c === 0x5d) depth--
  }
  return deepest
}

/** Inputs of {@link decryptWxData}. */
export interface DecryptInput {
  /** The session's session_key (base64 of 16 bytes). */
  sessionKey: string
  encryptedData: string
  iv: string
  /** This server's appid; the watermark must carry it. */
  appid: string
  /** Now, in ms since the epoch. */
  now: number
  /** Reject watermarks older than this many seconds; 0 turns the check off. */
  maxAgeSec: number
}

/**
 * Decrypts WeChat open data the way WeChat's WXBizDataCrypt does (AES-128-CBC, PKCS#7, key and iv from base64)
 * and checks the watermark: its appid must be ours, and its timestamp (seconds) must be within `maxAgeSec` of now.
 * Plaintext over {@link OPEN_DATA_MAX_BYTES} or nested deeper than {@link OPEN_DATA_MAX_DEPTH} is `data_too_large`.
 * Each failure is a {@link DecryptError} with its own code. Returns the decrypted object, watermark included.
 */
export function decryptWxData(input: DecryptInput): Record<string, unknown> {
  const key = decodeBase64(input.sessionKey)
  if (key === undefined || key.length !== 16) throw new DecryptError('bad_session_key', 'The session key is not 16 bytes of base64')
  const iv = decodeBase64(input.iv)
  if (iv === undefined || iv.length !== 16) throw new DecryptError('bad_iv', 'iv must be 16 bytes of base64')
  const ciphertext = decodeBase64(input.encryptedData)
  if (ciphertext === undefined) throw new DecryptError('bad_base64', 'encryptedData is not base64')

  let plaintext: string
  try {
    const decipher = createDecipheriv('aes-128-cbc', key, iv)
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8')
  } catch {
    throw new DecryptError('bad_padding', 'Decryption failed: wrong key or tampered data')
  }

  if (Buffer.byteLength(plaintext) > OPEN_DATA_MAX_BYTES) {
    throw new DecryptError('data_too_large', `The decrypted data is larger than ${OPEN_DATA_MAX_BYTES} bytes`)
  }
  if (jsonDepth(plaintext) > OPEN_DATA_MAX_DEPTH) {
    throw new DecryptError('data_too_large', `The decrypted data is nested deeper than ${OPEN_DATA_MAX_DEPTH} levels`)
  }
  let data: unknown
  try {
    data = JSON.parse(plaintext)
  } catch {
    throw new DecryptError('bad_json', 'The decrypted data is not JSON')
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new DecryptError('bad_json', 'The decrypted data is not a JSON object')
  }
  const object = data as Record<string, unknown>

  const watermark = object.watermark
  const mark = typeof watermark === 'object' && watermark !== null ? (watermark as Record<string, unknown>) : {}
  if (mark.appid !== input.appid) throw new DecryptError('wrong_appid', 'The data was encrypted for another appid')
  if (input.maxAgeSec > 0) {
    const timestamp = mark.timestamp
    const ageSec = typeof timestamp === 'number' ? input.now / 1000 - timestamp : Number.POSITIVE_INFINITY
    // A small allowance for clocks that run ahead of WeChat's.
    if (!(ageSec <= input.maxAgeSec && ageSec >= -60)) {
      throw new DecryptError('stale_watermark', `The data is older than ${input.maxAgeSec} seconds`)
    }
  }
  return object
}

/**
 * Checks WeChat's open-data signature: `signature` must equal hex sha1(rawData + sessionKey). The comparison is
 * constant-time on equal-length buffers; a signature of the wrong length or alphabet simply fails.
 */
export function verifyRawDataSignature(rawData: string, sessionKey: string, signature: string): void {
  const expected = Buffer.from(createHash('sha1').update(rawData + sessionKey, 'utf8').digest('hex'), 'utf8')
  const given = Buffer.from(signature.toLowerCase(), 'utf8')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new DecryptError('bad_signature', 'signature does not match rawData')
  }
}

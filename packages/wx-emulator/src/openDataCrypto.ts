import { createCipheriv, createHash } from 'node:crypto'

/** Open data as a mini program receives it from `getUserProfile`, `getWeRunData` and friends. */
export interface EncryptedOpenData {
  /** base64 of AES-128-CBC(PKCS#7) ciphertext. */
  encryptedData: string
  /** base64 of the 16-byte IV. */
  iv: string
}

/**
 * Encrypts `plaintext` the way WeChat does for open data: AES-128-CBC with PKCS#7 padding, the key being the
 * base64-decoded session_key (16 bytes) and a fresh random 16-byte IV, both outputs in standard base64.
 * Written independently of the server's decryptor so the round trip actually tests one against the other.
 */
export function encryptOpenData(sessionKey: string, plaintext: string, iv: Buffer): EncryptedOpenData {
  const key = Buffer.from(sessionKey, 'base64')
  // Node's default auto-padding is PKCS#7, which is what WXBizDataCrypt expects.
  const cipher = createCipheriv('aes-128-cbc', key, iv)
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return { encryptedData: encrypted.toString('base64'), iv: iv.toString('base64') }
}

/** The `signature` WeChat sends next to `rawData`: hex `sha1(rawData + session_key)`, the key as its base64 string. */
export function signRawData(rawData: string, sessionKey: string): string {
  return createHash('sha1').update(rawData + sessionKey, 'utf8').digest('hex')
}

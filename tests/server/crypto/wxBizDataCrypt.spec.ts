import { createCipheriv, createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DecryptError } from '../../../server/crypto/decryptError'
import { decryptWxData, verifyRawDataSignature } from '../../../server/crypto/wxBizDataCrypt'

// WeChat's published WXBizDataCrypt demo vector (the Node.js sample of the open-data decryption docs).
const OFFICIAL = {
  appid: 'wx4f4bc4dec97d474b',
  sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==',
  iv: 'r7BXXKkLb8qrSNn05n0qiA==',
  encryptedData:
    'CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==',
  timestamp: 1477314187,
}

function official(overrides: Partial<Parameters<typeof decryptWxData>[0]> = {}) {
  return decryptWxData({
    sessionKey: OFFICIAL.sessionKey,
    encryptedData: OFFICIAL.encryptedData,
    iv: OFFICIAL.iv,
    appid: OFFICIAL.appid,
    now: (OFFICIAL.timestamp + 10) * 1000,
    maxAgeSec: 600,
    ...overrides,
  })
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    if (error instanceof DecryptError) return error.code
    throw error
  }
  return undefined
}

function encrypt(key: Buffer, iv: Buffer, plaintext: string | Buffer): string {
  const cipher = createCipheriv('aes-128-cbc', key, iv)
  return Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('base64')
}

describe('decryptWxData', () => {
  it("decrypts WeChat's official test vector", () => {
    const data = official()
    expect(data).toMatchObject({
      openId: 'oGZUI0egBJY1zhBYw2KhdUfwVJJE',
      nickName: 'Band',
      unionId: 'ocMvos6NjeKLIBqg5Mr9QjxrP1FA',
      watermark: { appid: OFFICIAL.appid, timestamp: OFFICIAL.timestamp },
    })
  })

  it('rejects the official vector for another appid with wrong_appid', () => {
    expect(codeOf(() => official({ appid: 'wxdemo0000000000' }))).toBe('wrong_appid')
  })

  it('rejects a watermark older than the window with stale_watermark, and accepts it with the check off', () => {
    const later = (OFFICIAL.timestamp + 601) * 1000
    expect(codeOf(() => official({ now: later }))).toBe('stale_watermark')
    expect(official({ now: later, maxAgeSec: 0 }).nickName).toBe('Band')
  })

  it('rejects a watermark from the future beyond a minute of clock skew', () => {
    expect(codeOf(() => official({ now: (OFFICIAL.timestamp - 61) * 1000 }))).toBe('stale_watermark')
    expect(codeOf(() => official({ now: (OFFICIAL.timestamp - 30) * 1000 }))).toBeUndefined()
  })

  it.each([
    ['not base64', 'not base64!!'],
    ['8 bytes', Buffer.alloc(8).toString('base64')],
    ['empty', ''],
  ])('rejects a session key that is %s with bad_session_key', (_, sessionKey) => {
    expect(codeOf(() => official({ sessionKey }))).toBe('bad_session_key')
  })

  it.each([
    ['not base64', '***'],
    ['12 bytes', Buffer.alloc(12).toString('base64')],
  ])('rejects an iv that is %s with bad_iv', (_, iv) => {
    expect(codeOf(() => official({ iv }))).toBe('bad_iv')
  })

  it('rejects encryptedData that is not base64 with bad_base64', () => {
    expect(codeOf(() => official({ encryptedData: 'abc$def' }))).toBe('bad_base64')
  })

  it('rejects tampered ciphertext that breaks the padding with bad_padding', () => {
    const bytes = Buffer.from(OFFICIAL.encryptedData, 'base64')
    // Flipping the last byte of the second-to-last block flips the last plaintext byte, i.e. the padding.
    const index = bytes.length - 17
    bytes[index] = (bytes[index] ?? 0) ^ 0xff
    expect(codeOf(() => official({ encryptedData: bytes.toString('base64') }))).toBe('bad_padding')
  })

  it('rejects ciphertext that is not a whole number of blocks with bad_padding', () => {
    expect(codeOf(() => official({ encryptedData: Buffer.alloc(20).toString('base64') }))).toBe('bad_padding')
  })

  it('rejects a changed iv, which garbles the first block, with bad_json', () => {
    const iv = Buffer.from(OFFICIAL.iv, 'base64')
    iv[0] = (iv[0] ?? 0) ^ 0x55
    expect(codeOf(() => official({ iv: iv.toString('base64') }))).toBe('bad_json')
  })

  it('rejects a plaintext that is JSON but not an object with bad_json', () => {
    const key = Buffer.alloc(16, 1)
    const iv = Buffer.alloc(16, 2)
    const encryptedData = encrypt(key, iv, '[1,2,3]')
    expect(
      codeOf(() =>
        decryptWxData({ sessionKey: key.toString('base64'), iv: iv.toString('base64'), encryptedData, appid: 'x', now: 0, maxAgeSec: 0 }),
      ),
    ).toBe('bad_json')
  })

  it('rejects data without a watermark with wrong_appid', () => {
    const key = Buffer.alloc(16, 1)
    const iv = Buffer.alloc(16, 2)
    const encryptedData = encrypt(key, iv, JSON.stringify({ stepInfoList: [] }))
    expect(
      codeOf(() =>
        decryptWxData({ sessionKey: key.toString('base64'), iv: iv.toString('base64'), encryptedData, appid: 'wxa', now: 0, maxAgeSec: 0 }),
      ),
    ).toBe('wrong_appid')
  })
})

describe('verifyRawDataSignature', () => {
  const rawData = '{"nickName":"Band","gender":1}'
  const signature = createHash('sha1').update(rawData + OFFICIAL.sessionKey).digest('hex')

  it('accepts sha1(rawData + session_key), in either hex case', () => {
    expect(() => verifyRawDataSignature(rawData, OFFICIAL.sessionKey, signature)).not.toThrow()
    expect(() => verifyRawDataSignature(rawData, OFFICIAL.sessionKey, signature.toUpperCase())).not.toThrow()
  })

  it.each([
    ['a different rawData', rawData.replace('Band', 'Bond'), signature],
    ['a signature of the wrong length', rawData, signature.slice(0, 10)],
    ['an empty signature', rawData, ''],
    ['a signature for another key', rawData, createHash('sha1').update(`${rawData}other`).digest('hex')],
  ])('rejects %s with bad_signature', (_, data, sig) => {
    expect(codeOf(() => verifyRawDataSignature(data, OFFICIAL.sessionKey, sig))).toBe('bad_signature')
  })
})

import { createCipheriv } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestServer } from '../helpers/testServer'
import type { TestServer } from '../helpers/testServer'

let t: TestServer | undefined

afterEach(async () => {
  await t?.close()
  t = undefined
})

function decrypt(s: TestServer, token: string, payload: object) {
  return s.request({ method: 'POST', url: '/api/wx/decrypt', headers: s.bearer(token), payload })
}

interface Encrypted {
  encryptedData: string
  iv: string
  rawData: string
  signature: string
}

async function loggedIn(): Promise<{ s: TestServer; token: string; openid: string }> {
  t = await startTestServer()
  const { token, openid } = await t.login({ openid: 'o_decrypt' })
  return { s: t, token, openid }
}

/** Open data as the mini program would get it, produced by the emulator (POST /__emulator/encrypt). */
async function encrypted(s: TestServer, openid: string): Promise<Encrypted> {
  const res = await s.app.inject({
    method: 'POST',
    url: '/__emulator/encrypt',
    payload: { openid, data: { nickName: '小明', gender: 1 } },
  })
  expect(res.statusCode, res.body).toBe(200)
  return res.json<Encrypted>()
}

describe('POST /api/wx/decrypt', () => {
  it('decrypts open data encrypted under the session key, watermark and signature checked', async () => {
    const { s, token, openid } = await loggedIn()
    const res = await decrypt(s, token, await encrypted(s, openid))
    expect(res.statusCode).toBe(200)
    expect(res.json().data).toMatchObject({ nickName: '小明', gender: 1, watermark: { appid: s.app.ctx.config.appid } })
  })

  it('decrypts without rawData and signature', async () => {
    const { s, token, openid } = await loggedIn()
    const { encryptedData, iv } = await encrypted(s, openid)
    expect((await decrypt(s, token, { encryptedData, iv })).statusCode).toBe(200)
  })

  it('rejects tampered ciphertext with bad_padding', async () => {
    const { s, token, openid } = await loggedIn()
    const data = await encrypted(s, openid)
    const bytes = Buffer.from(data.encryptedData, 'base64')
    const index = bytes.length - 17
    bytes[index] = (bytes[index] ?? 0) ^ 0xff
    const res = await decrypt(s, token, { ...data, encryptedData: bytes.toString('base64') })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('bad_padding')
  })

  it('rejects an iv that is not 16 bytes with bad_iv', async () => {
    const { s, token, openid } = await loggedIn()
    const data = await encrypted(s, openid)
    const res = await decrypt(s, token, { ...data, iv: Buffer.alloc(8).toString('base64') })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('bad_iv')
  })

  it('rejects encryptedData that is not base64 with bad_base64', async () => {
    const { s, token, openid } = await loggedIn()
    const data = await encrypted(s, openid)
    const res = await decrypt(s, token, { ...data, encryptedData: '%%%' })
    expect(res.json().error).toBe('bad_base64')
  })

  it('rejects data encrypted for another appid with wrong_appid', async () => {
    const { s, token, openid } = await loggedIn()
    const key = Buffer.from(s.app.wxEmulator.sessionKeyOf(openid) ?? '', 'base64')
    const iv = Buffer.alloc(16, 7)
    const plaintext = JSON.stringify({ nickName: 'x', watermark: { appid: 'wx0000000000000000', timestamp: s.clock.now() / 1000 } })
    const cipher = createCipheriv('aes-128-cbc', key, iv)
    const encryptedData = Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('base64')
    const res = await decrypt(s, token, { encryptedData, iv: iv.toString('base64') })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('wrong_appid')
  })

  it('rejects data older than WX_WATERMARK_MAX_AGE with stale_watermark', async () => {
    const { s, token, openid } = await loggedIn()
    const data = await encrypted(s, openid)
    s.clock.advance(601_000)
    const res = await decrypt(s, token, data)
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('stale_watermark')
  })

  it('rejects a signature that does not match rawData with bad_signature', async () => {
    const { s, token, openid } = await loggedIn()
    const data = await encrypted(s, openid)
    const res = await decrypt(s, token, { ...data, rawData: data.rawData.replace('1', '2') })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('bad_signature')
  })

  it('rejects rawData without signature with invalid_request', async () => {
    const { s, token, openid } = await loggedIn()
    const { encryptedData, iv, rawData } = await encrypted(s, openid)
    const res = await decrypt(s, token, { encryptedData, iv, rawData })
    expect(res.json().error).toBe('invalid_request')
  })

  it('rejects a session whose stored session_key is not 16 bytes with bad_session_key', async () => {
    t = await startTestServer()
    const user = await t.app.ctx.stores.users.upsertByOpenid({ openid: 'o_badkey' }, t.clock.now())
    const { token } = await t.app.ctx.sessions.issue({ userId: user.id, openid: user.openid, sessionKey: 'c2hvcnQ=' })
    const res = await decrypt(t, token, { encryptedData: 'AAAA', iv: Buffer.alloc(16).toString('base64') })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('bad_session_key')
  })

  it('uses the session key of the login: data encrypted under a newer key fails with bad_padding or bad_json', async () => {
    const { s, token, openid } = await loggedIn()
    // A later wx.login rotates the user's session_key at WeChat; this session still holds the old one.
    s.app.wxEmulator.issueLoginCode({ openid })
    const res = await decrypt(s, token, await encrypted(s, openid))
    expect(res.statusCode).toBe(400)
    expect(['bad_padding', 'bad_json']).toContain(res.json().error)
  })

  it('answers 401 session_expired without a token', async () => {
    const { s } = await loggedIn()
    const res = await s.request({ method: 'POST', url: '/api/wx/decrypt', payload: { encryptedData: 'AAAA', iv: 'AAAA' } })
    expect(res.statusCode).toBe(401)
  })

  it('accepts data nested as deep as the limit', async () => {
    const { s, token, openid } = await loggedIn()
    const res = await s.app.inject({ method: 'POST', url: '/__emulator/encrypt', payload: { openid, data: { a: [[[[[[[[[[1]]]]]]]]]] } } })
    const answer = await decrypt(s, token, res.json<Encrypted>())
    expect(answer.statusCode).toBe(200)
  })

  it.each([33, 6_000, 12_000])('answers data nested %i levels deep with 400 data_too_large, not 500', async (depth) => {
    const { s, token, openid } = await loggedIn()
    const key = Buffer.from(s.app.wxEmulator.sessionKeyOf(openid) ?? '', 'base64')
    const iv = Buffer.alloc(16, 3)
    const watermark = JSON.stringify({ appid: s.app.ctx.config.appid, timestamp: s.clock.now() / 1000 })
    // Built as text: JSON.stringify itself could not produce it.
    const plaintext = `{"watermark":${watermark},"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`
    const cipher = createCipheriv('aes-128-cbc', key, iv)
    const encryptedData = Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('base64')
    const res = await decrypt(s, token, { encryptedData, iv: iv.toString('base64') })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ error: 'data_too_large', message: expect.any(String) })
  })
})

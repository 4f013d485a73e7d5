import { createDecipheriv, createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { harness, DEV_APPID } from '../harness'
import type { Harness } from '../harness'

let h: Harness
afterEach(async () => {
  await h.app.close()
})

function post(url: string, payload: unknown, contentType = 'application/json') {
  return h.app.inject({
    method: 'POST',
    url,
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers: { 'content-type': contentType },
  })
}

describe('POST /__emulator/login-code', () => {
  it('creates a user with a WeChat-shaped openid and a 32-character code', async () => {
    h = await harness()
    const response = await h.app.inject({ method: 'POST', url: '/__emulator/login-code' })
    expect(response.statusCode).toBe(200)
    const { code, openid } = response.json<{ code: string; openid: string }>()
    expect(openid).toMatch(/^o[A-Za-z0-9_-]{27}$/)
    expect(code).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(h.app.wxEmulator.sessionKeyOf(openid)).toMatch(/^[A-Za-z0-9+/]{22}==$/)
  })

  it('installs a given session_key so published test vectors can be replayed', async () => {
    h = await harness()
    const { code, openid } = await h.login({ openid: 'oGZUI0egBJY1zhBYw2KhdUfwVJJE', sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==' })
    expect(openid).toBe('oGZUI0egBJY1zhBYw2KhdUfwVJJE')
    expect((await h.code2Session(code)).json()).toMatchObject({ session_key: 'tiihtNczf5v6AKRyjwEUhQ==' })
  })

  it.each([
    ['a sessionKey of 15 bytes', { sessionKey: Buffer.alloc(15).toString('base64') }],
    ['a sessionKey that is not base64', { sessionKey: 'not base64 at all!!!!!==' }],
    ['an openid with spaces', { openid: 'o with spaces' }],
    ['an unknown field', { nickname: 'x' }],
    ['a numeric unionid', { unionid: 42 }],
    ['an array body', [1, 2]],
  ])('rejects %s with 400 invalid_request', async (_what, body) => {
    h = await harness()
    const response = await post('/__emulator/login-code', body)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ error: 'invalid_request', message: expect.any(String) })
  })

  it('rejects malformed JSON with 400 and a non-JSON content type with 415, never 500', async () => {
    h = await harness()
    const malformed = await post('/__emulator/login-code', '{"openid":')
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toMatchObject({ error: 'invalid_request' })
    const xml = await post('/__emulator/login-code', '<openid/>', 'application/xml')
    expect(xml.statusCode).toBe(415)
    expect(xml.json()).toMatchObject({ error: 'unsupported_media_type' })
  })
})

describe('POST /__emulator/phone-code', () => {
  it('rejects a malformed phone number and an unknown openid', async () => {
    h = await harness()
    const bad = await post('/__emulator/phone-code', { phoneNumber: '138-0013' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ message: string }>().message).toMatch(/phoneNumber/)
    const unknown = await post('/__emulator/phone-code', { openid: 'oNobody' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toMatchObject({ error: 'unknown_openid' })
  })
})

describe('POST /__emulator/encrypt', () => {
  it('produces data that a plain AES-128-CBC decipher opens, with the watermark appended', async () => {
    h = await harness()
    const { openid } = await h.login()
    const data = { nickName: '小明', gender: 1, stepInfoList: [{ timestamp: 1, step: 100 }] }
    const response = await post('/__emulator/encrypt', { openid, data })
    expect(response.statusCode).toBe(200)
    const { encryptedData, iv } = response.json<{ encryptedData: string; iv: string }>()

    const key = Buffer.from(h.app.wxEmulator.sessionKeyOf(openid) ?? '', 'base64')
    const decipher = createDecipheriv('aes-128-cbc', key, Buffer.from(iv, 'base64'))
    const plain = Buffer.concat([decipher.update(Buffer.from(encryptedData, 'base64')), decipher.final()]).toString('utf8')
    expect(Buffer.from(iv, 'base64')).toHaveLength(16)
    expect(JSON.parse(plain)).toEqual({ ...data, watermark: { timestamp: Math.floor(h.clock.now() / 1000), appid: DEV_APPID } })
  })

  it('pads with PKCS#7 and uses a new IV every time', async () => {
    h = await harness()
    const { openid } = await h.login()
    const first = (await post('/__emulator/encrypt', { openid, data: { a: 1 } })).json<{ encryptedData: string; iv: string }>()
    const second = (await post('/__emulator/encrypt', { openid, data: { a: 1 } })).json<{ encryptedData: string; iv: string }>()
    expect(second.iv).not.toBe(first.iv)

    const key = Buffer.from(h.app.wxEmulator.sessionKeyOf(openid) ?? '', 'base64')
    const decipher = createDecipheriv('aes-128-cbc', key, Buffer.from(first.iv, 'base64')).setAutoPadding(false)
    const padded = Buffer.concat([decipher.update(Buffer.from(first.encryptedData, 'base64')), decipher.final()])
    const pad = padded[padded.length - 1] ?? 0
    expect(pad).toBeGreaterThanOrEqual(1)
    expect(pad).toBeLessThanOrEqual(16)
    expect([...padded.subarray(padded.length - pad)]).toEqual(Array<number>(pad).fill(pad))
  })

  it('returns rawData without the watermark and its sha1(rawData + session_key) signature', async () => {
    h = await harness()
    const { openid } = await h.login({ sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==' })
    const body = (await post('/__emulator/encrypt', { openid, data: { nickName: 'Band' } })).json<{ rawData: string; signature: string }>()
    expect(body.rawData).toBe('{"nickName":"Band"}')
    expect(body.signature).toBe(createHash('sha1').update('{"nickName":"Band"}tiihtNczf5v6AKRyjwEUhQ==').digest('hex'))
  })

  it('rejects a missing openid or non-object data with 400 and an unknown openid with 404', async () => {
    h = await harness()
    expect((await post('/__emulator/encrypt', { data: {} })).statusCode).toBe(400)
    expect((await post('/__emulator/encrypt', { openid: 'oX', data: [1] })).statusCode).toBe(400)
    expect((await post('/__emulator/encrypt', { openid: 'oX', data: 'text' })).statusCode).toBe(400)
    expect((await post('/__emulator/encrypt', { openid: 'oNobody', data: {} })).json()).toMatchObject({ error: 'unknown_openid' })
  })
})

describe('POST /__emulator/expire-session-key', () => {
  it('answers 404 for an unknown openid and 400 without one', async () => {
    h = await harness()
    expect((await post('/__emulator/expire-session-key', { openid: 'oNobody' })).statusCode).toBe(404)
    expect((await post('/__emulator/expire-session-key', {})).statusCode).toBe(400)
  })
})

describe('POST /__emulator/revoke-access-tokens', () => {
  it('makes every issued access token answer 40001', async () => {
    h = await harness()
    const token = await h.accessToken()
    expect((await post('/__emulator/revoke-access-tokens', {})).statusCode).toBe(204)
    const response = await h.app.inject({ url: `/wxa/checksession?access_token=${token}&openid=o&signature=x&sig_method=hmac_sha256` })
    expect(response.json()).toMatchObject({ errcode: 40001 })
  })
})

describe('GET /__emulator/stats', () => {
  it('reports counters per API', async () => {
    h = await harness()
    const { code } = await h.login()
    await h.code2Session(code)
    await h.accessToken()
    const stats = (await h.app.inject({ url: '/__emulator/stats' })).json<Record<string, Record<string, number>>>()
    expect(stats.jscode2session).toEqual({ calls: 1, ok: 1, errors: 0, faulted: 0 })
    expect(stats.token).toEqual({ calls: 1, ok: 1, errors: 0, faulted: 0, issued: 1 })
    expect(stats.stable_token).toMatchObject({ calls: 0, forceRefreshes: 0 })
    expect(Object.keys(stats).sort()).toEqual([
      'checksession',
      'getuserphonenumber',
      'jscode2session',
      'oauth2_access_token',
      'oauth2_refresh_token',
      'resetusersessionkey',
      'sns_auth',
      'sns_userinfo',
      'stable_token',
      'token',
    ])
  })
})

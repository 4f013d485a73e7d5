import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { harness } from '../harness'
import type { Harness } from '../harness'

let h: Harness
afterEach(async () => {
  await h.app.close()
})

// The session_key from WeChat's own login-state signature example.
const DOC_KEY = 'o0q0otL8aEzpcZL/FT9WsQ=='

function signWithKeyString(sessionKey: string): string {
  return createHmac('sha256', sessionKey).update('').digest('hex')
}

async function check(openid: string, signature: string, token: string, sigMethod = 'hmac_sha256') {
  const query = new URLSearchParams({ access_token: token, openid, signature, sig_method: sigMethod })
  return h.app.inject({ url: `/wxa/checksession?${query.toString()}` })
}

describe('GET /wxa/checksession', () => {
  it('answers ok for hmac_sha256 keyed with the session_key string over the empty string', async () => {
    h = await harness()
    const { openid } = await h.login({ sessionKey: DOC_KEY })
    const response = await check(openid, signWithKeyString(DOC_KEY), await h.accessToken())
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ errcode: 0, errmsg: 'ok' })
  })

  it('rejects a signature keyed with the decoded key bytes instead of the string', async () => {
    h = await harness()
    const { openid } = await h.login({ sessionKey: DOC_KEY })
    const bytesKeyed = createHmac('sha256', Buffer.from(DOC_KEY, 'base64')).update('').digest('hex')
    expect((await check(openid, bytesKeyed, await h.accessToken())).json()).toMatchObject({ errcode: 87009 })
  })

  it('answers 87009 "invalid signature" for the previous key once a new code rotated it', async () => {
    h = await harness()
    const first = await h.login()
    const oldKey = h.app.wxEmulator.sessionKeyOf(first.openid) ?? ''
    await h.login({ openid: first.openid })
    const body = (await check(first.openid, signWithKeyString(oldKey), await h.accessToken())).json<{ errcode: number; errmsg: string }>()
    expect(body.errcode).toBe(87009)
    expect(body.errmsg).toMatch(/^invalid signature/)
  })

  it('answers 87009 for the current key after it was expired through the dev endpoint', async () => {
    h = await harness()
    const { openid } = await h.login({ sessionKey: DOC_KEY })
    const expire = await h.app.inject({ method: 'POST', url: '/__emulator/expire-session-key', payload: { openid } })
    expect(expire.statusCode).toBe(204)
    expect((await check(openid, signWithKeyString(DOC_KEY), await h.accessToken())).json()).toMatchObject({ errcode: 87009 })
  })

  it('answers 40003 for an unknown openid, 87008 "invalid sig_method" for another sig_method and 41001 without a token', async () => {
    h = await harness()
    const { openid } = await h.login({ sessionKey: DOC_KEY })
    const token = await h.accessToken()
    expect((await check('oUnknown', signWithKeyString(DOC_KEY), token)).json()).toMatchObject({ errcode: 40003 })
    expect((await check(openid, signWithKeyString(DOC_KEY), token, 'md5')).json()).toMatchObject({ errcode: 87008, errmsg: expect.stringMatching(/^invalid sig_method, rid: /) })
    const noToken = await h.app.inject({ url: `/wxa/checksession?openid=${openid}&signature=x&sig_method=hmac_sha256` })
    expect(noToken.json()).toMatchObject({ errcode: 41001 })
    expect(h.app.wxEmulator.stats.checksession).toEqual({ calls: 3, ok: 0, errors: 3, faulted: 0 })
  })
})

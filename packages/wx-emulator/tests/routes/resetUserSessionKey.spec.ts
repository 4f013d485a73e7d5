import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { harness } from '../harness'
import type { Harness } from '../harness'

let h: Harness
afterEach(async () => {
  await h.app.close()
})

const KEY = 'o0q0otL8aEzpcZL/FT9WsQ=='
const sign = (key: string): string => createHmac('sha256', key).update('').digest('hex')

async function reset(openid: string, signature: string, token: string, sigMethod = 'hmac_sha256') {
  const query = new URLSearchParams({ access_token: token, openid, signature, sig_method: sigMethod })
  return h.app.inject({ url: `/wxa/resetusersessionkey?${query.toString()}` })
}

describe('GET /wxa/resetusersessionkey', () => {
  it('answers errcode 0 with the openid and a new session_key, and the old key dies at once', async () => {
    h = await harness()
    const { openid } = await h.login({ sessionKey: KEY })
    const token = await h.accessToken()
    const response = await reset(openid, sign(KEY), token)
    const body = response.json<{ errcode: number; errmsg: string; openid: string; session_key: string }>()
    expect(response.statusCode).toBe(200)
    expect(body).toEqual({ errcode: 0, errmsg: 'ok', openid, session_key: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/) })
    expect(body.session_key).not.toBe(KEY)
    const check = (key: string) =>
      h.app.inject({ url: `/wxa/checksession?${new URLSearchParams({ access_token: token, openid, signature: sign(key), sig_method: 'hmac_sha256' })}` })
    expect((await check(KEY)).json()).toMatchObject({ errcode: 87009 })
    expect((await check(body.session_key)).json()).toEqual({ errcode: 0, errmsg: 'ok' })
  })

  it('answers 87008 for another sig_method, 87009 for a wrong signature, 40003 for an unknown openid', async () => {
    h = await harness()
    const { openid } = await h.login({ sessionKey: KEY })
    const token = await h.accessToken()
    expect((await reset(openid, sign(KEY), token, 'md5')).json()).toMatchObject({ errcode: 87008, errmsg: expect.stringMatching(/^invalid sig_method/) })
    expect((await reset(openid, sign('another'), token)).json()).toMatchObject({ errcode: 87009 })
    expect((await reset('o_nobody', sign(KEY), token)).json()).toMatchObject({ errcode: 40003 })
    expect((await reset(openid, sign(KEY), 'bad-token')).json()).toMatchObject({ errcode: 40001 })
    expect(h.app.wxEmulator.sessionKeyOf(openid)).toBe(KEY)
  })
})

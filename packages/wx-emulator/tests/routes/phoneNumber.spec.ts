import { afterEach, describe, expect, it } from 'vitest'
import { CODE_TTL_MS } from '../../src/index'
import { harness, DEV_APPID } from '../harness'
import type { Harness } from '../harness'

let h: Harness
afterEach(async () => {
  await h.app.close()
})

async function phoneCode(body: Record<string, unknown> = {}): Promise<string> {
  const response = await h.app.inject({ method: 'POST', url: '/__emulator/phone-code', payload: body })
  return response.json<{ code: string }>().code
}

async function exchange(token: string, body: unknown) {
  return h.app.inject({
    method: 'POST',
    url: `/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`,
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  })
}

describe('POST /wxa/business/getuserphonenumber', () => {
  it('answers errcode 0 with phone_info, a numeric countryCode and a watermark', async () => {
    h = await harness()
    const token = await h.accessToken()
    const code = await phoneCode()
    const response = await exchange(token, { code })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: '13800138000',
        purePhoneNumber: '13800138000',
        countryCode: 86,
        watermark: { timestamp: Math.floor(h.clock.now() / 1000), appid: DEV_APPID },
      },
    })
  })

  it('sends the number, country code and string countryCode it was asked for', async () => {
    h = await harness()
    const token = await h.accessToken()
    const code = await phoneCode({ phoneNumber: '61234567', countryCode: '852', countryCodeAsString: true })
    expect((await exchange(token, { code })).json()).toMatchObject({
      phone_info: { phoneNumber: '+85261234567', purePhoneNumber: '61234567', countryCode: '852' },
    })
  })

  it('answers 40029 when a phone code is used twice', async () => {
    h = await harness()
    const token = await h.accessToken()
    const code = await phoneCode()
    expect((await exchange(token, { code })).json()).toMatchObject({ errcode: 0 })
    expect((await exchange(token, { code })).json()).toMatchObject({ errcode: 40029 })
  })

  it('answers 40029 for a phone code five minutes old or unknown', async () => {
    h = await harness()
    const code = await phoneCode()
    h.clock.advance(CODE_TTL_MS)
    const token = await h.accessToken()
    expect((await exchange(token, { code })).json()).toMatchObject({ errcode: 40029 })
    expect((await exchange(token, { code: 'f'.repeat(64) })).json()).toMatchObject({ errcode: 40029 })
  })

  it('answers 40003 when the caller names an openid the code was not issued to', async () => {
    h = await harness()
    const owner = await h.login()
    const other = await h.login()
    const token = await h.accessToken()
    const code = await phoneCode({ openid: owner.openid })
    expect((await exchange(token, { code, openid: other.openid })).json()).toMatchObject({ errcode: 40003 })
  })

  it.each([
    ['no access_token', undefined, 41001],
    ['an unknown access_token', 'not-a-token', 40001],
  ])('answers %s with errcode %i', async (_what, token, errcode) => {
    h = await harness()
    const code = await phoneCode()
    const url = token === undefined ? '/wxa/business/getuserphonenumber' : `/wxa/business/getuserphonenumber?access_token=${token}`
    const response = await h.app.inject({ method: 'POST', url, payload: { code } })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ errcode })
  })

  it('answers 42001 for an expired access_token and leaves the phone code unused', async () => {
    h = await harness()
    const token = await h.accessToken()
    h.clock.advance(7200 * 1000)
    const code = await phoneCode()
    expect((await exchange(token, { code })).json()).toMatchObject({ errcode: 42001 })
    expect((await exchange(await h.accessToken(), { code })).json()).toMatchObject({ errcode: 0 })
  })

  it.each([
    ['an empty object', {}],
    ['a numeric code', { code: 42 }],
    ['a non-object body', 'just a string'],
  ])('answers %s with 47001', async (_what, body) => {
    h = await harness()
    expect((await exchange(await h.accessToken(), body)).json()).toMatchObject({ errcode: 47001 })
  })
})

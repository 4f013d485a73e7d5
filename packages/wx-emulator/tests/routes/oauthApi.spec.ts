import { afterEach, describe, expect, it } from 'vitest'
import { DEV_OA_APPID, DEV_OA_SECRET } from '../../src/index'
import { harness } from '../harness'
import type { Harness } from '../harness'

let h: Harness
afterEach(async () => {
  await h.app.close()
})

async function oauthCode(body: Record<string, unknown> = {}): Promise<{ code: string; openid: string }> {
  const response = await h.app.inject({ method: 'POST', url: '/__emulator/oauth-code', payload: body })
  expect(response.statusCode, response.body).toBe(200)
  return response.json()
}

function exchange(code: string, overrides: Record<string, string> = {}) {
  const query = new URLSearchParams({ appid: DEV_OA_APPID, secret: DEV_OA_SECRET, code, grant_type: 'authorization_code', ...overrides })
  return h.app.inject({ url: `/sns/oauth2/access_token?${query}` })
}

interface Grant {
  access_token: string
  expires_in: number
  refresh_token: string
  openid: string
  scope: string
  unionid?: string
}

describe('GET /sns/oauth2/access_token', () => {
  it('exchanges a code once for a web access token, a refresh token and the official account openid', async () => {
    h = await harness()
    const { code, openid } = await oauthCode({ openid: 'oa_alice' })
    const response = await exchange(code)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      access_token: expect.any(String),
      expires_in: 7200,
      refresh_token: expect.any(String),
      openid,
      scope: 'snsapi_base',
    })
    expect((await exchange(code)).json()).toMatchObject({ errcode: 40163, errmsg: expect.stringMatching(/^code been used/) })
  })

  it('sends the unionid only for snsapi_userinfo, as WeChat documents', async () => {
    h = await harness()
    const base = await oauthCode({ unionid: 'un_1', scope: 'snsapi_base' })
    expect((await exchange(base.code)).json()).not.toHaveProperty('unionid')
    const info = await oauthCode({ openid: base.openid, scope: 'snsapi_userinfo' })
    expect((await exchange(info.code)).json()).toMatchObject({ unionid: 'un_1', scope: 'snsapi_userinfo' })
  })

  it('answers 40029 after five minutes and for unknown codes, 41008 without a code', async () => {
    h = await harness()
    const { code } = await oauthCode()
    h.clock.advance(5 * 60_000)
    expect((await exchange(code)).json()).toMatchObject({ errcode: 40029 })
    expect((await exchange('nope')).json()).toMatchObject({ errcode: 40029 })
    expect((await exchange('', {})).json()).toMatchObject({ errcode: 41008 })
  })

  it('checks the official account credentials, not the mini program ones: 41002, 40013, 41004, 40125, 40002', async () => {
    h = await harness()
    const { code } = await oauthCode()
    expect((await exchange(code, { appid: '' })).json()).toMatchObject({ errcode: 41002 })
    expect((await exchange(code, { appid: 'wxdemo0000000000' })).json()).toMatchObject({ errcode: 40013 })
    expect((await exchange(code, { secret: '' })).json()).toMatchObject({ errcode: 41004 })
    expect((await exchange(code, { secret: 'dev-secret-not-for-production-00' })).json()).toMatchObject({ errcode: 40125 })
    expect((await exchange(code, { grant_type: 'client_credential' })).json()).toMatchObject({ errcode: 40002 })
    // None of the refusals consumed the code.
    expect((await exchange(code)).statusCode).toBe(200)
    expect((await exchange(code)).json()).toMatchObject({ errcode: 40163 })
  })

  it('applies injected faults like the other APIs', async () => {
    h = await harness()
    await h.app.inject({ method: 'POST', url: '/__emulator/faults', payload: { api: 'oauth2_access_token', errcode: -1 } })
    const { code } = await oauthCode()
    expect((await exchange(code)).json()).toMatchObject({ errcode: -1 })
    expect((await exchange(code)).statusCode).toBe(200)
  })
})

describe('GET /sns/userinfo, /sns/auth and /sns/oauth2/refresh_token', () => {
  async function userinfoGrant(): Promise<Grant> {
    const { code } = await oauthCode({ openid: 'oa_bob', unionid: 'un_bob', scope: 'snsapi_userinfo', nickname: '小波' })
    return (await exchange(code)).json<Grant>()
  }

  it('gives the nickname, avatar and unionid for a snsapi_userinfo token', async () => {
    h = await harness()
    const grant = await userinfoGrant()
    const response = await h.app.inject({ url: `/sns/userinfo?access_token=${grant.access_token}&openid=oa_bob&lang=zh_CN` })
    expect(response.json()).toMatchObject({ openid: 'oa_bob', nickname: '小波', headimgurl: '', unionid: 'un_bob', privilege: [] })
  })

  it('refuses a snsapi_base token with 48001 and another user with 40003', async () => {
    h = await harness()
    const base = (await exchange((await oauthCode({ openid: 'oa_c' })).code)).json<Grant>()
    expect((await h.app.inject({ url: `/sns/userinfo?access_token=${base.access_token}&openid=oa_c` })).json()).toMatchObject({ errcode: 48001 })
    expect((await h.app.inject({ url: `/sns/userinfo?access_token=${base.access_token}&openid=oa_x` })).json()).toMatchObject({ errcode: 40003 })
    expect((await h.app.inject({ url: `/sns/userinfo?openid=oa_c` })).json()).toMatchObject({ errcode: 41001 })
  })

  it('checks a web access token with sns/auth: ok while it lives, 42001 after two hours, 40003 for a wrong one', async () => {
    h = await harness()
    const grant = await userinfoGrant()
    const auth = (token: string, openid = 'oa_bob') => h.app.inject({ url: `/sns/auth?access_token=${token}&openid=${openid}` })
    expect((await auth(grant.access_token)).json()).toEqual({ errcode: 0, errmsg: 'ok' })
    expect((await auth('nope')).json()).toMatchObject({ errcode: 40003 })
    expect((await auth(grant.access_token, 'oa_other')).json()).toMatchObject({ errcode: 40003 })
    h.clock.advance(7200_000)
    expect((await auth(grant.access_token)).json()).toMatchObject({ errcode: 42001 })
  })

  it('renews the access token with the refresh token for 30 days: 40030 unknown, 42002 expired', async () => {
    h = await harness()
    const grant = await userinfoGrant()
    const refresh = (token: string) =>
      h.app.inject({ url: `/sns/oauth2/refresh_token?appid=${DEV_OA_APPID}&grant_type=refresh_token&refresh_token=${token}` })
    h.clock.advance(7200_000)
    const renewed = (await refresh(grant.refresh_token)).json<Grant>()
    expect(renewed).toMatchObject({ openid: 'oa_bob', refresh_token: grant.refresh_token, expires_in: 7200, scope: 'snsapi_userinfo' })
    expect((await h.app.inject({ url: `/sns/auth?access_token=${renewed.access_token}&openid=oa_bob` })).json()).toEqual({ errcode: 0, errmsg: 'ok' })
    expect((await refresh('nope')).json()).toMatchObject({ errcode: 40030 })
    h.clock.advance(30 * 86_400_000)
    expect((await refresh(grant.refresh_token)).json()).toMatchObject({ errcode: 42002 })
  })

  it('keeps a still-valid access token on refresh and extends its expiry by two hours', async () => {
    h = await harness()
    const grant = await userinfoGrant()
    const auth = (token: string) => h.app.inject({ url: `/sns/auth?access_token=${token}&openid=oa_bob` })
    h.clock.advance(3600_000)
    const renewed = (await h.app.inject({ url: `/sns/oauth2/refresh_token?appid=${DEV_OA_APPID}&grant_type=refresh_token&refresh_token=${grant.refresh_token}` })).json<Grant>()
    expect(renewed.access_token).toBe(grant.access_token)
    expect(renewed.expires_in).toBe(7200)
    // Past the original two hours, inside the extended ones.
    h.clock.advance(7000_000)
    expect((await auth(grant.access_token)).json()).toEqual({ errcode: 0, errmsg: 'ok' })
    h.clock.advance(300_000)
    expect((await auth(grant.access_token)).json()).toMatchObject({ errcode: 42001 })
  })

  it('answers 41009 "missing openid" to userinfo and auth without openid, 41003 to refresh without refresh_token', async () => {
    h = await harness()
    const grant = await userinfoGrant()
    expect((await h.app.inject({ url: `/sns/userinfo?access_token=${grant.access_token}` })).json()).toMatchObject({ errcode: 41009, errmsg: expect.stringMatching(/^missing openid, rid: /) })
    expect((await h.app.inject({ url: `/sns/auth?access_token=${grant.access_token}` })).json()).toMatchObject({ errcode: 41009 })
    expect((await h.app.inject({ url: `/sns/oauth2/refresh_token?appid=${DEV_OA_APPID}&grant_type=refresh_token` })).json()).toMatchObject({
      errcode: 41003,
      errmsg: expect.stringMatching(/^refresh_token missing, rid: /),
    })
  })

  it('gives an already expired OAuth code on request, which the exchange answers 40029', async () => {
    h = await harness()
    const { code } = await oauthCode({ openid: 'oa_late', expired: true })
    expect((await exchange(code)).json()).toMatchObject({ errcode: 40029 })
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { harness, DEV_APPID, DEV_SECRET } from '../harness'
import type { Harness } from '../harness'

let h: Harness
afterEach(async () => {
  await h.app.close()
})

interface TokenBody {
  access_token: string
  expires_in: number
}

async function stable(payload: unknown, contentType = 'application/json') {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload)
  return h.app.inject({ method: 'POST', url: '/cgi-bin/stable_token', payload: body, headers: { 'content-type': contentType } })
}

const credentials = { grant_type: 'client_credential', appid: DEV_APPID, secret: DEV_SECRET }
const MIN = 60_000

async function works(token: string): Promise<number> {
  const response = await h.app.inject({ url: `/wxa/checksession?access_token=${token}&openid=nobody&signature=x&sig_method=hmac_sha256` })
  // 40003 (unknown openid) proves the token itself was accepted.
  const { errcode } = response.json<{ errcode: number }>()
  return errcode === 40003 ? 0 : errcode
}

describe('POST /cgi-bin/stable_token', () => {
  it('returns the same token with a shrinking expires_in until five minutes before expiry', async () => {
    h = await harness()
    const first = (await stable(credentials)).json<TokenBody>()
    expect(first.expires_in).toBe(7200)
    expect(first.access_token.length).toBeGreaterThan(100)
    h.clock.advance(115 * MIN - 1)
    const later = (await stable(credentials)).json<TokenBody>()
    expect(later.access_token).toBe(first.access_token)
    expect(later.expires_in).toBe(300)
    expect(h.app.wxEmulator.stats.stable_token.issued).toBe(1)
  })

  it('switches to a new token in the last five minutes while the old one lives out its time', async () => {
    h = await harness()
    const first = (await stable(credentials)).json<TokenBody>()
    h.clock.advance(115 * MIN)
    const next = (await stable(credentials)).json<TokenBody>()
    expect(next.access_token).not.toBe(first.access_token)
    expect(next.expires_in).toBe(7200)
    expect(await works(first.access_token)).toBe(0)
    h.clock.advance(5 * MIN)
    expect(await works(first.access_token)).toBe(42001)
    expect(await works(next.access_token)).toBe(0)
  })

  it('mints a new token on force_refresh and invalidates the previous one at once', async () => {
    h = await harness()
    const first = (await stable(credentials)).json<TokenBody>()
    const forced = (await stable({ ...credentials, force_refresh: true })).json<TokenBody>()
    expect(forced.access_token).not.toBe(first.access_token)
    expect(await works(first.access_token)).toBe(40001)
    expect(await works(forced.access_token)).toBe(0)
    expect(h.app.wxEmulator.stats.stable_token).toMatchObject({ issued: 2, forceRefreshes: 1 })
  })

  it('does not refresh again when forced within 30 seconds of the previous forced refresh', async () => {
    h = await harness()
    const forced = (await stable({ ...credentials, force_refresh: true })).json<TokenBody>()
    h.clock.advance(29_999)
    const again = (await stable({ ...credentials, force_refresh: true })).json<TokenBody>()
    expect(again.access_token).toBe(forced.access_token)
    h.clock.advance(1)
    const third = (await stable({ ...credentials, force_refresh: true })).json<TokenBody>()
    expect(third.access_token).not.toBe(forced.access_token)
  })

  it('answers 45009 after 20 forced refreshes in one day', async () => {
    h = await harness()
    for (let i = 0; i < 20; i++) {
      expect((await stable({ ...credentials, force_refresh: true })).json()).toHaveProperty('access_token')
      h.clock.advance(30_000)
    }
    expect((await stable({ ...credentials, force_refresh: true })).json()).toMatchObject({ errcode: 45009 })
  })

  it.each([
    ['a wrong appid', { ...credentials, appid: 'wx0000000000000000' }, 40013],
    ['a wrong secret', { ...credentials, secret: 'nope' }, 40125],
    ['a missing appid', { grant_type: 'client_credential', secret: DEV_SECRET }, 41002],
    ['a missing secret', { grant_type: 'client_credential', appid: DEV_APPID }, 41004],
    ['a wrong grant_type', { ...credentials, grant_type: 'authorization_code' }, 40002],
    ['a non-boolean force_refresh', { ...credentials, force_refresh: 'yes' }, 47001],
    ['a JSON array', [credentials], 47001],
  ])('answers %s with HTTP 200 and errcode %i', async (_what, payload, errcode) => {
    h = await harness()
    const response = await stable(payload)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ errcode })
  })

  it('answers a body that is not JSON with 47001 whatever its content type', async () => {
    h = await harness()
    for (const contentType of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
      const response = await stable('{not json', contentType)
      expect(response.statusCode).toBe(200)
      expect(response.json()).toMatchObject({ errcode: 47001 })
    }
  })

  it('parses a JSON body sent without a JSON content type, as WeChat does', async () => {
    h = await harness()
    expect((await stable(credentials, 'text/plain')).json()).toHaveProperty('access_token')
  })
})

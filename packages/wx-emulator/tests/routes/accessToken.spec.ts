import { afterEach, describe, expect, it } from 'vitest'
import { harness, DEV_APPID, DEV_SECRET } from '../harness'
import type { Harness } from '../harness'

let h: Harness
afterEach(async () => {
  await h.app.close()
})

const MIN = 60_000

function tokenUrl(overrides: Record<string, string> = {}): string {
  const query = new URLSearchParams({ grant_type: 'client_credential', appid: DEV_APPID, secret: DEV_SECRET, ...overrides })
  return `/cgi-bin/token?${query.toString()}`
}

async function tokenErrcode(token: string): Promise<number> {
  const response = await h.app.inject({ method: 'POST', url: `/wxa/business/getuserphonenumber?access_token=${token}`, payload: { code: 'x' } })
  // 40029 (bad phone code) proves the token itself was accepted.
  const { errcode } = response.json<{ errcode: number }>()
  return errcode === 40029 ? 0 : errcode
}

describe('GET /cgi-bin/token', () => {
  it('mints a new token with expires_in 7200 on every call', async () => {
    h = await harness()
    const a = (await h.app.inject({ url: tokenUrl() })).json<{ access_token: string; expires_in: number }>()
    const b = (await h.app.inject({ url: tokenUrl() })).json<{ access_token: string; expires_in: number }>()
    expect(a.expires_in).toBe(7200)
    expect(b.expires_in).toBe(7200)
    expect(b.access_token).not.toBe(a.access_token)
    expect(h.app.wxEmulator.stats.token).toMatchObject({ calls: 2, ok: 2, issued: 2 })
  })

  it('keeps the previous token valid for five more minutes only', async () => {
    h = await harness()
    const old = await h.accessToken()
    const current = await h.accessToken()
    h.clock.advance(5 * MIN - 1)
    expect(await tokenErrcode(old)).toBe(0)
    h.clock.advance(1)
    expect(await tokenErrcode(old)).toBe(40001)
    expect(await tokenErrcode(current)).toBe(0)
  })

  it('reports 42001 once a token outlives its 7200 seconds', async () => {
    h = await harness()
    const token = await h.accessToken()
    h.clock.advance(7200 * 1000)
    expect(await tokenErrcode(token)).toBe(42001)
  })

  it('keeps its tokens apart from stable_token: minting one does not cut the other short', async () => {
    h = await harness()
    const plain = await h.accessToken()
    await h.app.inject({
      method: 'POST',
      url: '/cgi-bin/stable_token',
      payload: { grant_type: 'client_credential', appid: DEV_APPID, secret: DEV_SECRET, force_refresh: true },
    })
    h.clock.advance(10 * MIN)
    expect(await tokenErrcode(plain)).toBe(0)
  })

  it.each([
    ['a wrong appid', { appid: 'wx0000000000000000' }, 40013],
    ['a wrong secret', { secret: 'nope' }, 40125],
    ['a missing appid', { appid: '' }, 41002],
    ['a missing secret', { secret: '' }, 41004],
    ['a wrong grant_type', { grant_type: 'authorization_code' }, 40002],
  ])('answers %s with HTTP 200 and errcode %i', async (_what, overrides, errcode) => {
    h = await harness()
    const response = await h.app.inject({ url: tokenUrl(overrides) })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ errcode })
    expect(h.app.wxEmulator.stats.token.issued).toBe(0)
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { DEV_OA_APPID } from '../../src/index'
import { OA_USER_COOKIE } from '../../src/routes/oauthAuthorize'
import { harness } from '../harness'
import type { Harness } from '../harness'

let h: Harness
afterEach(async () => {
  await h.app.close()
})

const REDIRECT = 'http://127.0.0.1:5173/?from=menu#/pages/index/index'

function authorize(params: Record<string, string | undefined> = {}, cookie?: string) {
  const query = new URLSearchParams()
  const all: Record<string, string | undefined> = { appid: DEV_OA_APPID, redirect_uri: REDIRECT, response_type: 'code', scope: 'snsapi_base', state: 'abc123', ...params }
  for (const [key, value] of Object.entries(all)) if (value !== undefined) query.set(key, value)
  return h.app.inject({ url: `/connect/oauth2/authorize?${query}`, ...(cookie === undefined ? {} : { headers: { cookie } }) })
}

function errorOf(body: string): string | undefined {
  return /错误码：(\d+)/.exec(body)?.[1]
}

describe('GET /connect/oauth2/authorize', () => {
  it('redirects snsapi_base straight back with a code and the state in the query, before the hash', async () => {
    h = await harness()
    const response = await authorize()
    expect(response.statusCode).toBe(302)
    const back = new URL(response.headers.location as string)
    expect(back.origin + back.pathname).toBe('http://127.0.0.1:5173/')
    expect(back.hash).toBe('#/pages/index/index')
    expect(back.searchParams.get('from')).toBe('menu')
    expect(back.searchParams.get('state')).toBe('abc123')
    expect(back.searchParams.get('code')).toMatch(/^[A-Za-z0-9]{32}$/)
  })

  it('keeps the same WeChat user for this browser through its cookie', async () => {
    h = await harness()
    const first = await authorize()
    const cookie = String(first.headers['set-cookie']).split(';')[0] ?? ''
    expect(cookie.startsWith(`${OA_USER_COOKIE}=`)).toBe(true)
    await authorize({}, cookie)
    expect(h.app.wxEmulator.oa.users.size).toBe(1)
  })

  it('keeps at most 1,000 users made for cookie-less browsers, dropping the oldest, and keeps users made by tests', async () => {
    h = await harness()
    const named = h.app.wxEmulator.oa.user({ openid: 'oa_named' })
    for (let i = 0; i < 1500; i++) await authorize()
    expect(h.app.wxEmulator.oa.users.size).toBe(1001)
    expect(h.app.wxEmulator.oa.users.get('oa_named')).toBe(named)
    // A browser whose user was dropped keeps its openid: the user is made again under it.
    const revisit = await authorize({}, `${OA_USER_COOKIE}=oa_gone_by_now`)
    expect(String(revisit.headers['set-cookie'])).toContain(`${OA_USER_COOKIE}=oa_gone_by_now`)
    expect(h.app.wxEmulator.oa.users.size).toBe(1001)
  })

  it('shows a consent page for snsapi_userinfo: 允许 redirects with a code, 拒绝 with only the state', async () => {
    h = await harness()
    const page = await authorize({ scope: 'snsapi_userinfo' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('允许')
    const ticket = /name="ticket" value="([A-Za-z0-9]+)"/.exec(page.body)?.[1] ?? ''
    const consent = (decision: string, t = ticket) =>
      h.app.inject({
        method: 'POST',
        url: '/connect/oauth2/authorize/consent',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `ticket=${t}&decision=${decision}`,
      })
    const allowed = await consent('allow')
    expect(allowed.statusCode).toBe(303)
    const back = new URL(allowed.headers.location as string)
    expect(back.searchParams.get('code')).toMatch(/^[A-Za-z0-9]{32}$/)
    // A ticket is single-use.
    expect(errorOf((await consent('allow')).body)).toBe('19002')

    const again = await authorize({ scope: 'snsapi_userinfo' })
    const refused = await consent('deny', /name="ticket" value="([A-Za-z0-9]+)"/.exec(again.body)?.[1])
    const refusedBack = new URL(refused.headers.location as string)
    expect(refusedBack.searchParams.has('code')).toBe(false)
    expect(refusedBack.searchParams.get('state')).toBe('abc123')
  })

  it('shows an error page and redirects nowhere for a bad appid, redirect_uri, response_type, scope or state', async () => {
    h = await harness()
    const cases: Array<[Record<string, string | undefined>, string]> = [
      [{ appid: undefined }, '10012'],
      [{ appid: 'wxdemo0000000000' }, '40013'],
      [{ redirect_uri: undefined }, '10011'],
      [{ redirect_uri: 'https://evil.example.com/' }, '10003'],
      [{ redirect_uri: 'javascript:alert(1)' }, '10003'],
      [{ response_type: 'token' }, '19001'],
      [{ scope: undefined }, '10010'],
      [{ scope: 'snsapi_login' }, '10005'],
      [{ state: 'has space' }, '10013'],
      [{ state: 'x'.repeat(129) }, '10013'],
    ]
    for (const [params, errcode] of cases) {
      const response = await authorize(params)
      expect(response.statusCode, JSON.stringify(params)).toBe(200)
      expect(response.headers.location, JSON.stringify(params)).toBeUndefined()
      expect(errorOf(response.body), JSON.stringify(params)).toBe(errcode)
    }
  })

  it('accepts a missing state and a 128-character one', async () => {
    h = await harness()
    expect((await authorize({ state: undefined })).statusCode).toBe(302)
    expect((await authorize({ state: 'a'.repeat(128) })).statusCode).toBe(302)
  })
})

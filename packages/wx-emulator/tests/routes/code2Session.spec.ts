import { afterEach, describe, expect, it } from 'vitest'
import { CODE_TTL_MS } from '../../src/index'
import { harness } from '../harness'
import type { Harness } from '../harness'

let h: Harness
afterEach(async () => {
  await h.app.close()
})

describe('GET /sns/jscode2session', () => {
  it('exchanges a fresh code for openid and session_key, with no errcode field at all', async () => {
    h = await harness()
    const { code, openid } = await h.login()
    const response = await h.code2Session(code)
    expect(response.statusCode).toBe(200)
    const body = response.json<Record<string, unknown>>()
    expect(body).toEqual({ openid, session_key: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/) })
    expect(body).not.toHaveProperty('errcode')
    expect(body).not.toHaveProperty('unionid')
  })

  it('includes unionid only for users that have one', async () => {
    h = await harness()
    const { code } = await h.login({ unionid: 'oUnion_0123456789' })
    expect((await h.code2Session(code)).json()).toMatchObject({ unionid: 'oUnion_0123456789' })
  })

  it('answers 40163 "code been used" with HTTP 200 when a code is exchanged twice', async () => {
    h = await harness()
    const { code } = await h.login()
    expect((await h.code2Session(code)).json()).toHaveProperty('openid')
    const again = await h.code2Session(code)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual({ errcode: 40163, errmsg: expect.stringMatching(/^code been used, rid: /) })
  })

  it('accepts a code just before five minutes and rejects it with 40029 at five minutes', async () => {
    h = await harness()
    const early = await h.login()
    const late = await h.login()
    h.clock.advance(CODE_TTL_MS - 1)
    expect((await h.code2Session(early.code)).json()).toHaveProperty('session_key')
    h.clock.advance(1)
    expect((await h.code2Session(late.code)).json()).toMatchObject({ errcode: 40029 })
  })

  it('gives an already expired code on request, which code2Session answers 40029', async () => {
    h = await harness()
    const { code } = await h.login({ expired: true })
    expect((await h.code2Session(code)).json()).toMatchObject({ errcode: 40029 })
  })

  it('limits one user to the configured code2Session calls a minute with 45011, leaving the code unused', async () => {
    h = await harness({ code2SessionPerUserPerMinute: 3 })
    const first = await h.login()
    for (let i = 0; i < 3; i++) {
      const { code } = await h.login({ openid: first.openid })
      expect((await h.code2Session(code)).json()).toHaveProperty('session_key')
    }
    const limited = await h.login({ openid: first.openid })
    expect((await h.code2Session(limited.code)).json()).toMatchObject({ errcode: 45011, errmsg: expect.stringMatching(/^api minute-quota reach limit/) })
    // Another user is not limited, and the limited user's code works once the minute has passed.
    expect((await h.code2Session((await h.login()).code)).json()).toHaveProperty('session_key')
    h.clock.advance(60_000)
    expect((await h.code2Session(limited.code)).json()).toHaveProperty('session_key')
  })

  it('has no per-user limit unless one is configured', async () => {
    h = await harness()
    const first = await h.login()
    for (let i = 0; i < 120; i++) {
      const { code } = await h.login({ openid: first.openid })
      expect((await h.code2Session(code)).json()).toHaveProperty('session_key')
    }
  })

  it('answers 40029 "invalid code" for a code it never issued', async () => {
    h = await harness()
    const body = (await h.code2Session('081Kq4Ga1MSox41ufFGa1elGOt2Kq4GF')).json<{ errcode: number; errmsg: string }>()
    expect(body.errcode).toBe(40029)
    expect(body.errmsg).toMatch(/^invalid code, rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/)
  })

  it.each([
    ['a wrong appid', { appid: 'wx0000000000000000' }, 40013],
    ['a wrong secret', { secret: 'not-the-secret' }, 40125],
    ['a missing appid', { appid: '' }, 41002],
    ['a missing secret', { secret: '' }, 41004],
    ['a missing code', { js_code: '' }, 41008],
    ['a wrong grant_type', { grant_type: 'client_credential' }, 40002],
  ])('answers %s with errcode %i and does not consume the code', async (_what, overrides, errcode) => {
    h = await harness()
    const { code } = await h.login()
    const response = await h.code2Session(code, overrides)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ errcode })
    expect((await h.code2Session(code)).json()).toHaveProperty('session_key')
  })

  it('rotates the session_key with every new code for the same user', async () => {
    h = await harness()
    const first = await h.login()
    const second = await h.login({ openid: first.openid })
    const key1 = (await h.code2Session(first.code)).json<{ session_key: string }>().session_key
    const key2 = (await h.code2Session(second.code)).json<{ session_key: string }>().session_key
    expect(second.openid).toBe(first.openid)
    expect(key2).not.toBe(key1)
    expect(h.app.wxEmulator.sessionKeyOf(first.openid)).toBe(key2)
  })

  it('counts calls, successes and errors', async () => {
    h = await harness()
    const { code } = await h.login()
    await h.code2Session(code)
    await h.code2Session(code)
    expect(h.app.wxEmulator.stats.jscode2session).toEqual({ calls: 2, ok: 1, errors: 1, faulted: 0 })
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildEmulator, DEV_APPID, DEV_SECRET } from '../../../packages/wx-emulator/src/index'
import { createWechatClient } from '../../../server/wechat/wechatClient'
import type { WechatClient } from '../../../server/wechat/wechatClient'
import { WechatError } from '../../../server/wechat/wechatError'

let wx: FastifyInstance
let base: string
let sleeps: number[]

function client(overrides: Partial<Parameters<typeof createWechatClient>[0]> = {}): WechatClient {
  return createWechatClient({
    apiBase: () => base,
    appid: DEV_APPID,
    secret: DEV_SECRET,
    timeoutMs: 2000,
    sleep: async (ms) => void sleeps.push(ms),
    ...overrides,
  })
}

async function fault(spec: Record<string, unknown>): Promise<void> {
  const res = await wx.inject({ method: 'POST', url: '/__emulator/faults', payload: spec })
  expect(res.statusCode).toBe(201)
}

async function failure(promise: Promise<unknown>): Promise<WechatError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof WechatError) return error
    throw error
  }
  throw new Error('expected a WechatError')
}

beforeEach(async () => {
  sleeps = []
  // A standalone emulator on a real port, so the client's fetch, timeout and parsing run for real.
  wx = await buildEmulator({ appid: DEV_APPID, secret: DEV_SECRET })
  await wx.listen({ host: '127.0.0.1', port: 0 })
  const address = wx.server.address()
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`
})

afterEach(async () => {
  await wx.close()
})

describe('createWechatClient', () => {
  it('exchanges a code for openid, session_key and unionid', async () => {
    const { code, openid } = wx.wxEmulator.issueLoginCode({ unionid: 'un_1' })
    const result = await client().code2Session(code)
    expect(result).toEqual({ openid, sessionKey: wx.wxEmulator.sessionKeyOf(openid), unionid: 'un_1' })
  })

  it.each([
    [40029, 'invalid_code'],
    [40163, 'invalid_code'],
    [45011, 'rate_limited'],
    [40226, 'blocked'],
    [40013, 'misconfigured'],
    [40125, 'misconfigured'],
    [12345, 'unexpected'],
  ])('classifies errcode %i as %s', async (errcode, kind) => {
    await fault({ api: 'jscode2session', errcode })
    const error = await failure(client().code2Session('whatever'))
    expect(error).toMatchObject({ api: 'jscode2session', kind, errcode })
  })

  it('retries errcode -1 exactly once, after a delay', async () => {
    await fault({ api: 'jscode2session', errcode: -1, times: 2 })
    const error = await failure(client().code2Session('whatever'))
    expect(error.kind).toBe('busy')
    expect(sleeps).toHaveLength(1)
    expect(wx.wxEmulator.stats.jscode2session.calls).toBe(2)
  })

  it('gives up after the timeout with kind unavailable', async () => {
    await fault({ api: 'jscode2session', hang: true })
    const error = await failure(client({ timeoutMs: 50 }).code2Session('whatever'))
    expect(error.kind).toBe('unavailable')
    expect(error.message).toContain('50 ms')
  })

  it('reports a refused connection as unavailable', async () => {
    const error = await failure(client({ apiBase: () => 'http://127.0.0.1:1' }).code2Session('whatever'))
    expect(error.kind).toBe('unavailable')
  })

  it('never puts the secret, the code or the URL in its error messages', async () => {
    await fault({ api: 'jscode2session', errcode: 40125 })
    const error = await failure(client().code2Session('the-code-123'))
    expect(error.message).not.toContain(DEV_SECRET)
    expect(error.message).not.toContain('the-code-123')
    expect(error.message).not.toContain('http')
  })

  it('fetches a stable access token without force_refresh', async () => {
    const seen: string[] = []
    const recording: typeof fetch = async (input, init) => {
      seen.push(String(init?.body))
      return fetch(input, init)
    }
    const result = await client({ fetch: recording }).fetchStableToken()
    expect(result.accessToken).not.toBe('')
    expect(result.expiresInSec).toBeGreaterThan(0)
    expect(JSON.parse(seen[0] ?? '{}')).toEqual({ grant_type: 'client_credential', appid: DEV_APPID, secret: DEV_SECRET })
  })

  it('reports a rejected secret at stable_token as misconfigured', async () => {
    const error = await failure(client({ secret: 'wrong' }).fetchStableToken())
    expect(error.kind).toBe('misconfigured')
  })

  it('returns the phone number with the numeric country code as a string', async () => {
    const { accessToken } = await client().fetchStableToken()
    const { code } = wx.wxEmulator.issuePhoneCode({ phoneNumber: '5551234', countryCode: '1' })
    const result = await client().getPhoneNumber(code, accessToken)
    expect(result).toEqual({ phoneNumber: '+15551234', purePhoneNumber: '5551234', countryCode: '1' })
  })

  it('reports a revoked access token as access_token_invalid', async () => {
    const { accessToken } = await client().fetchStableToken()
    wx.wxEmulator.tokens.revokeAll()
    const { code } = wx.wxEmulator.issuePhoneCode()
    const error = await failure(client().getPhoneNumber(code, accessToken))
    expect(error.kind).toBe('access_token_invalid')
  })

  it.each([
    ['a non-JSON body', () => new Response('<html>busy</html>', { status: 200 })],
    ['an HTTP error', () => Response.json({ message: 'upstream' }, { status: 502 })],
    ['a JSON array', () => Response.json([1, 2])],
    ['a string errcode', () => Response.json({ errcode: 'oops' })],
    ['a success without session_key', () => Response.json({ openid: 'o' })],
  ])('reports %s as unavailable', async (_, answer) => {
    const error = await failure(client({ fetch: async () => answer() }).code2Session('c'))
    expect(error.kind).toBe('unavailable')
  })
})

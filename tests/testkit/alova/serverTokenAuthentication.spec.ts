import { describe, expect, it } from 'vitest'
import { createAlova, type AlovaRequestAdapter } from 'alova'
import VueHook from 'alova/vue'
import { LoginRequiredError } from 'wx-login-state'
import { DROPPED_TOKEN, wireServerTokenAuthentication, type SpecDevice } from '../../../testkit/alova/serverTokenAuthentication'

/** A request adapter shaped like alova's spec mock: `/list-auth` wants `Authorization: 123`, `/refresh-token` gives it. */
function specLikeAdapter() {
  const seen: Array<{ url: string; authorization: unknown }> = []
  const adapter: AlovaRequestAdapter<object, unknown, Record<string, string>> = (elements) => {
    const url = new URL(elements.url, 'http://spec.test')
    const authorization = (elements.headers as Record<string, unknown>).Authorization
    seen.push({ url: url.pathname, authorization })
    const answer = async () => {
      if (url.pathname === '/refresh-token') return { token: '123' }
      if (url.pathname === '/list-auth' && authorization === '123') return [0, 1, 2]
      const error = new Error('unauthorized')
      error.name = '401'
      throw error
    }
    return { response: answer, headers: async () => ({}), abort: () => undefined }
  }
  return { adapter, seen }
}

async function listAuth(device: SpecDevice) {
  const { adapter, seen } = specLikeAdapter()
  const createServerTokenAuthentication = wireServerTokenAuthentication(adapter, device)
  const { onAuthRequired, onResponseRefreshToken } = createServerTokenAuthentication({ refreshTokenOnError: { isExpired: (error) => error.name === '401' } })
  const alova = createAlova({ statesHook: VueHook, requestAdapter: adapter, cacheFor: null, beforeRequest: onAuthRequired(), responded: onResponseRefreshToken() })
  const outcome = await Promise.all([alova.Get('/list-auth?a=1'), alova.Get('/list-auth?a=2')]).catch((error: unknown) => error)
  return { outcome, seen }
}

describe('the wiring that runs alova’s spec on wx-login-state/alova', () => {
  it('fresh device: logs in through the spec’s adapter once, then sends the bare token', async () => {
    const { outcome, seen } = await listAuth('fresh')
    expect(outcome).toEqual([[0, 1, 2], [0, 1, 2]])
    expect(seen).toEqual([{ url: '/refresh-token', authorization: undefined }, ...Array(2).fill({ url: '/list-auth', authorization: '123' })])
  })

  it('expired session: both methods are refused, share one re-login and are resent once with the new token', async () => {
    const { outcome, seen } = await listAuth('expired')
    expect(outcome).toEqual([[0, 1, 2], [0, 1, 2]])
    expect(seen.filter((s) => s.url === '/list-auth').map((s) => s.authorization)).toEqual([DROPPED_TOKEN, DROPPED_TOKEN, '123', '123'])
    expect(seen.filter((s) => s.url === '/refresh-token')).toHaveLength(1)
  })

  it('logged-out device: a method that needs the token rejects with LoginRequiredError and nothing is sent', async () => {
    const { outcome, seen } = await listAuth('logged-out')
    expect(outcome).toBeInstanceOf(LoginRequiredError)
    expect(seen).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import { withFakeUniRuntime } from '../../src/testing/fakeUniRuntime'
import { createFakePlatform } from '../../src/testing/fakePlatform'

const ok = () => ({ status: 200, headers: { 'X-Id': '1' }, data: { ok: true } })

function runtime() {
  const fake = createFakePlatform({ handler: ok })
  return { fake, ...withFakeUniRuntime(fake) }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('the fake uni runtime models uni 3.0.0-5010420260703001', () => {
  it('answers in WeChat’s shapes: success then complete, errMsg request:ok, lower-cased headers from the transport', async () => {
    const { uni } = runtime()
    const order: string[] = []
    let result: unknown
    uni.request({ url: 'http://h/x', success: (r: unknown) => ((result = r), order.push('success')), complete: () => order.push('complete') })
    await settle()
    expect(order).toEqual(['success', 'complete'])
    expect(result).toEqual({ data: { ok: true }, statusCode: 200, header: { 'x-id': '1' }, cookies: [], errMsg: 'request:ok' })
  })

  it('stops a call whose invoke returns false synchronously, and leaves its promise pending', async () => {
    const { uni, fake } = runtime()
    uni.addInterceptor('request', { invoke: () => false })
    let settled = false
    void (uni.request({ url: 'http://h/x' }) as Promise<unknown>).then(() => (settled = true), () => (settled = true))
    await settle()
    expect(settled).toBe(false)
    expect(fake.calls.request).toBe(0)
  })

  it('replaces the options with what an async invoke resolves to, so undefined loses the url (uni 5020)', async () => {
    const { uni } = runtime()
    uni.addInterceptor('request', { invoke: async () => undefined })
    const fails: unknown[] = []
    uni.request({ url: 'http://h/x', fail: (r: unknown) => fails.push(r) })
    await settle()
    // The callbacks went with the options: nobody hears of the failure.
    expect(fails).toEqual([])
  })

  it('never runs an invoke hook registered after one that returned a promise (uni 5422)', async () => {
    const { uni, fake } = runtime()
    const ran: string[] = []
    uni.addInterceptor('request', { invoke: (args: unknown) => Promise.resolve(args) })
    uni.addInterceptor('request', { invoke: () => void ran.push('second') })
    uni.request({ url: 'http://h/x', success: () => ran.push('success') })
    await settle()
    expect(ran).toEqual([])
    expect(fake.calls.request).toBe(0)
  })

  it('removes just the given hooks with removeInterceptor(api, hooks), and all of them without', async () => {
    const { uni } = runtime()
    const ran: string[] = []
    const a = { invoke: () => void ran.push('a') }
    const b = { invoke: () => void ran.push('b') }
    uni.addInterceptor('request', a)
    uni.addInterceptor('request', b)
    uni.addInterceptor('request', a)
    uni.removeInterceptor('request', a)
    await uni.request({ url: 'http://h/x' })
    uni.removeInterceptor('request')
    await uni.request({ url: 'http://h/x' })
    expect(ran).toEqual(['b'])
  })

  it('hands what the call returned to returnValue hooks and returns what they give back', () => {
    const { uni } = runtime()
    uni.addInterceptor('request', { returnValue: (task: unknown) => ({ wrapped: task }) })
    expect(uni.request({ url: 'http://h/x', success: () => {} })).toHaveProperty('wrapped.abort')
  })

  it('catches what an app callback throws, as uni logs it instead of letting it escape', async () => {
    const { uni } = runtime()
    uni.request({ url: 'http://h/x', success: () => {
      throw new Error('boom')
    } })
    await settle()
    expect(uni.callbackErrors).toEqual([new Error('boom')])
  })

  it('sends the library’s own transport calls past its own interceptor only', async () => {
    const { uni, platform } = runtime()
    const seen: unknown[] = []
    uni.addInterceptor('request', { invoke: (args: Record<string, unknown>) => void seen.push({ ...args }) })
    const remove = platform.interceptors!.add('request', { invoke: () => false })!
    const res = await platform.request({ url: 'http://h/x', method: 'GET', headers: {}, timeoutMs: 1000 })
    expect(res.status).toBe(200)
    expect(seen).toHaveLength(1)
    remove()
  })
})

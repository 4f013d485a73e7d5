import { request as httpRequest } from 'node:http'
import type { ClientRequest } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Sleep } from '../../src/index'
import { harness } from '../harness'
import type { Harness } from '../harness'

let h: Harness
afterEach(async () => {
  await h.app.close()
})

async function addFault(body: Record<string, unknown>) {
  return h.app.inject({ method: 'POST', url: '/__emulator/faults', payload: body })
}

/**
 * A real HTTP client without keep-alive. (fetch's pool opens a spare connection after an abort, which would keep
 * the server's close waiting for the client's idle timeout.)
 */
function rawRequest(url: string, method: string): { request: ClientRequest; outcome: Promise<string> } {
  const request = httpRequest(url, { method, agent: false })
  const outcome = new Promise<string>((resolve) => {
    request.on('response', (response) => resolve(`status ${response.statusCode ?? 0}`))
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
  })
  request.end(method === 'POST' ? '{}' : undefined)
  return { request, outcome }
}

/** A sleep that waits until the test releases it (or the emulator aborts it). */
function heldSleep(): { sleep: Sleep; waits: { ms: number; release: () => void }[] } {
  const waits: { ms: number; release: () => void }[] = []
  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve) => {
      waits.push({ ms, release: resolve })
      signal.addEventListener('abort', () => resolve(), { once: true })
    })
  return { sleep, waits }
}

describe('POST /__emulator/faults', () => {
  it('answers the injected errcode once with HTTP 200, then serves normally without having consumed the code', async () => {
    h = await harness()
    const { code } = await h.login()
    expect((await addFault({ api: 'jscode2session', errcode: -1 })).statusCode).toBe(201)
    const failed = await h.code2Session(code)
    expect(failed.statusCode).toBe(200)
    expect(failed.json()).toEqual({ errcode: -1, errmsg: expect.stringMatching(/^system error, rid: /) })
    expect((await h.code2Session(code)).json()).toHaveProperty('session_key')
    expect(h.app.wxEmulator.stats.jscode2session).toEqual({ calls: 2, ok: 1, errors: 1, faulted: 1 })
  })

  it('affects `times` requests and lists the remaining count meanwhile', async () => {
    h = await harness()
    await addFault({ api: 'token', errcode: 45011, times: 2 })
    const first = await h.app.inject({ url: '/cgi-bin/token' })
    expect(first.json<{ errmsg: string }>().errmsg).toMatch(/^api minute-quota reach limit/)
    const listed = (await h.app.inject({ url: '/__emulator/faults' })).json<{ faults: { remaining: number }[] }>()
    expect(listed.faults).toMatchObject([{ api: 'token', errcode: 45011, remaining: 1 }])
    await h.app.inject({ url: '/cgi-bin/token' })
    expect(await h.accessToken()).toMatch(/_/)
    expect((await h.app.inject({ url: '/__emulator/faults' })).json()).toEqual({ faults: [] })
  })

  it('applies queued faults in order and only to the API they target', async () => {
    h = await harness()
    await addFault({ api: 'jscode2session', errcode: 40226 })
    await addFault({ api: '*', errcode: -1 })
    await addFault({ api: 'jscode2session', errcode: 45011, errmsg: 'slow down' })
    const token = await h.app.inject({ url: '/cgi-bin/token' })
    expect(token.json()).toMatchObject({ errcode: -1 })
    const { code } = await h.login()
    expect((await h.code2Session(code)).json()).toMatchObject({ errcode: 40226 })
    expect((await h.code2Session(code)).json()).toEqual({ errcode: 45011, errmsg: expect.stringMatching(/^slow down, rid: /) })
    expect((await h.code2Session(code)).json()).toHaveProperty('openid')
  })

  it('is cleared by DELETE', async () => {
    h = await harness()
    await addFault({ api: '*', errcode: -1, times: 5 })
    expect((await h.app.inject({ method: 'DELETE', url: '/__emulator/faults' })).statusCode).toBe(204)
    expect(await h.accessToken()).toMatch(/_/)
  })

  it('delays the answer until the injected wait ends, then answers normally', async () => {
    const held = heldSleep()
    h = await harness({ sleep: held.sleep })
    await addFault({ api: 'token', delayMs: 1500 })
    let settled = false
    const pending = h.app.inject({ url: '/cgi-bin/token?grant_type=client_credential&appid=wxdemo0000000000&secret=dev-secret-not-for-production-00' })
    void pending.then(() => (settled = true))
    await vi.waitFor(() => expect(held.waits).toHaveLength(1))
    expect(held.waits[0]?.ms).toBe(1500)
    expect(settled).toBe(false)
    held.waits[0]?.release()
    expect((await pending).json()).toHaveProperty('access_token')
  })

  it('answers the errcode after the delay when both are given', async () => {
    const held = heldSleep()
    h = await harness({ sleep: held.sleep })
    await addFault({ api: 'checksession', delayMs: 10, errcode: -1 })
    const pending = h.app.inject({ url: '/wxa/checksession' })
    await vi.waitFor(() => expect(held.waits).toHaveLength(1))
    held.waits[0]?.release()
    expect((await pending).json()).toMatchObject({ errcode: -1 })
  })

  it('really waits with the default timer', async () => {
    h = await harness()
    await addFault({ api: 'token', delayMs: 5 })
    expect((await h.app.inject({ url: '/cgi-bin/token' })).json()).toMatchObject({ errcode: 40002 })
    expect(h.app.wxEmulator.stats.token.faulted).toBe(1)
  })

  it('releases a hung request when the app closes', async () => {
    h = await harness()
    await addFault({ api: 'getuserphonenumber', hang: true })
    const pending = h.app.inject({ method: 'POST', url: '/wxa/business/getuserphonenumber', payload: {} })
    await vi.waitFor(() => expect(h.app.wxEmulator.stalls.pending).toBe(1))
    await h.app.close()
    await expect(pending).rejects.toMatchObject({ code: 'LIGHT_ECONNRESET' })
    expect(h.app.wxEmulator.stalls.pending).toBe(0)
  })

  it('releases a long real-timer delay when the app closes', async () => {
    h = await harness()
    await addFault({ api: 'token', delayMs: 600_000 })
    const pending = h.app.inject({ url: '/cgi-bin/token' })
    await vi.waitFor(() => expect(h.app.wxEmulator.stalls.pending).toBe(1))
    await h.app.close()
    await expect(pending).rejects.toMatchObject({ code: 'LIGHT_ECONNRESET' })
  })

  it('lets go of a hung request when a real HTTP client gives up, and the server still closes', async () => {
    h = await harness()
    await addFault({ api: 'stable_token', hang: true })
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' })
    const { request, outcome } = rawRequest(`${address}/cgi-bin/stable_token`, 'POST')
    await vi.waitFor(() => expect(h.app.wxEmulator.stalls.pending).toBe(1))
    request.destroy()
    expect(await outcome).toBe('ECONNRESET')
    await vi.waitFor(() => expect(h.app.wxEmulator.stalls.pending).toBe(0))
  })

  it('drops a hung connection for a real client when the server closes', async () => {
    h = await harness()
    await addFault({ api: '*', hang: true })
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' })
    const { outcome } = rawRequest(`${address}/cgi-bin/token`, 'GET')
    await vi.waitFor(() => expect(h.app.wxEmulator.stalls.pending).toBe(1))
    await h.app.close()
    expect(await outcome).toBe('ECONNRESET')
  })

  it.each([
    ['an unknown api', { api: 'sendmessage', errcode: -1 }],
    ['errcode 0', { api: '*', errcode: 0 }],
    ['a string errcode', { api: '*', errcode: '-1' }],
    ['no effect at all', { api: '*' }],
    ['hang together with errcode', { api: '*', hang: true, errcode: -1 }],
    ['times 0', { api: '*', errcode: -1, times: 0 }],
    ['a negative delay', { api: '*', delayMs: -5 }],
    ['errmsg without errcode', { api: '*', delayMs: 5, errmsg: 'x' }],
    ['an unknown field', { api: '*', errcode: -1, status: 500 }],
    ['no body', undefined],
  ])('rejects %s with 400 { error, message } and queues nothing', async (_what, body) => {
    h = await harness()
    const response = await h.app.inject({ method: 'POST', url: '/__emulator/faults', ...(body === undefined ? {} : { payload: body }) })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({ error: 'invalid_request', message: expect.any(String) })
    expect(h.app.wxEmulator.faults.list()).toEqual([])
  })
})

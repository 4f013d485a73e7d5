/**
 * WeChat faults, end to end: the real client library, the real server and its in-process WeChat emulator.
 * Every fault ends in a defined outcome, and a burst of concurrent requests costs at most 2 logins.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { LoginFailedError } from 'wx-login-state'
import { startHarness, type Harness } from '../../testkit/harness'
import { burst } from './helpers/burst'

const BURST = 20
let h: Harness | undefined

async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  h = await startHarness(options)
  return h
}

afterEach(async () => {
  if (!h) return
  await h.close()
  h.watch.assertClean()
  h = undefined
})

function expectAllFailedWith(errors: unknown[], reason: string, status?: number): LoginFailedError {
  expect(errors).toHaveLength(BURST)
  const first = errors[0]
  expect(first).toBeInstanceOf(LoginFailedError)
  // One shared login: every waiter gets the very same failure.
  for (const e of errors) expect(e).toBe(first)
  const failure = first as LoginFailedError
  expect(failure.reason).toBe(reason)
  if (status !== undefined) expect(failure.status).toBe(status)
  return failure
}

describe('WeChat faults during login', () => {
  it('logs in after one server-side retry when WeChat answers -1 once, then is healthy', async () => {
    const server = await harness()
    const c = server.client()
    await server.fault({ api: 'jscode2session', errcode: -1, times: 1 })
    const result = await burst(c, BURST)
    expect(result.errors).toEqual([])
    expect(result.users).toHaveLength(BURST)
    expect(result.logins).toBe(1)
    const wx = server.server.app.wxEmulator.snapshotStats().jscode2session
    expect(wx).toMatchObject({ calls: 2, faulted: 1, ok: 1 })
    expect((await server.devStats()).logins).toBe(1)
  })

  it('gives every waiter a typed rate_limited error on 45011, with Retry-After and no retry storm', async () => {
    const server = await harness()
    const c = server.client()
    await server.fault({ api: 'jscode2session', errcode: 45011, times: 1 })
    const result = await burst(c, BURST)
    const failure = expectAllFailedWith(result.errors, 'rate_limited', 429)
    expect(failure.retryAfterSec).toBeGreaterThan(0)
    expect(result.logins).toBe(1)
    // The server passes 45011 straight on: one code2Session call for the whole burst.
    expect(server.server.app.wxEmulator.snapshotStats().jscode2session.calls).toBe(1)
    expect(c.auth.session.state.status).toBe('anonymous')
  })

  it('gives every waiter a typed login_blocked error on 40226, without retrying', async () => {
    const server = await harness()
    const c = server.client()
    await server.fault({ api: 'jscode2session', errcode: 40226, times: 1 })
    const result = await burst(c, BURST)
    expectAllFailedWith(result.errors, 'login_blocked', 403)
    expect(result.logins).toBe(1)
    expect(server.server.app.wxEmulator.snapshotStats().jscode2session.calls).toBe(1)
  })

  it('answers 503 wechat_unavailable when WeChat hangs past the server timeout, and the next burst logs in cleanly', async () => {
    const server = await harness({ wxTimeoutMs: 300 })
    const c = server.client()
    await server.fault({ api: 'jscode2session', hang: true, times: 1 })
    const failed = await burst(c, BURST)
    expectAllFailedWith(failed.errors, 'wechat_unavailable', 503)
    expect(failed.logins).toBe(1)
    const healthy = await burst(c, BURST)
    expect(healthy.errors).toEqual([])
    expect(healthy.logins).toBe(1)
  })

  it('rejects every waiter with a typed timeout when the client gives up before the server does', async () => {
    const server = await harness({ wxTimeoutMs: 2_000 })
    const c = server.client({ timeoutMs: 250 })
    await server.fault({ api: 'jscode2session', hang: true, times: 1 })
    const failed = await burst(c, BURST)
    expectAllFailedWith(failed.errors, 'timeout')
    expect(failed.logins).toBe(1)
    expect(c.auth.session.state).toMatchObject({ status: 'anonymous', user: null })
  })

  it('reports 401 invalid_code after exactly one fresh code when WeChat rejects every code', async () => {
    const server = await harness()
    const c = server.client()
    await server.fault({ api: 'jscode2session', errcode: 40029, times: 5 })
    const result = await burst(c, BURST)
    expectAllFailedWith(result.errors, 'invalid_code', 401)
    // The contract's one retry with a fresh code, and not one more.
    expect(result.logins).toBe(2)
    expect(server.server.app.wxEmulator.snapshotStats().jscode2session.calls).toBe(2)
  })
})

/**
 * Faults around the session, end to end: the server restarting with the memory store, the network
 * dropping in the middle of a login, and client storage refusing writes. Each ends in a defined outcome
 * with at most 2 logins per burst.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { LoginFailedError, StorageError, DEFAULT_STORAGE_KEY, type SessionEvent } from 'wx-login-state'
import { startHarness, type Harness } from '../../testkit/harness'
import { burst } from './helpers/burst'

let h: Harness | undefined

afterEach(async () => {
  if (!h) return
  await h.close()
  h.watch.assertClean()
  h = undefined
})

/** Resolves once `check` holds, polling the event loop; the test's own timeout bounds it. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 5))
}

describe('session faults', () => {
  it('re-logs in transparently, once, after a server restart with the memory store lost every session', async () => {
    h = await startHarness()
    const c = h.client()
    const before = await burst(c, 10)
    expect(before.errors).toEqual([])
    expect(before.logins).toBe(1)

    await h.restart()
    expect((await h.devStats()).sessionsAlive).toBe(0)

    const after = await burst(c, 50)
    expect(after.errors).toEqual([])
    expect(after.users).toHaveLength(50)
    expect(after.logins).toBe(1)
    // The same WeChat user, as on a phone: the new server knows them by openid.
    expect(after.users[0]?.openid).toBe(before.users[0]?.openid)
    expect(await h.devStats()).toMatchObject({ logins: 1, sessionsAlive: 1 })
  })

  it('gives every waiter a typed network error when the network drops mid-login, and the next call starts cleanly', async () => {
    h = await startHarness({ wxTimeoutMs: 10_000 })
    const harness = h
    const c = harness.client()
    // WeChat stalls, so the login is surely in flight when the connections are cut.
    await harness.fault({ api: 'jscode2session', hang: true, times: 1 })
    const pending = burst(c, 20)
    await until(() => harness.server.app.wxEmulator.snapshotStats().jscode2session.calls === 1)
    expect(harness.proxy.dropAll()).toBeGreaterThan(0)

    const dropped = await pending
    expect(dropped.errors).toHaveLength(20)
    const first = dropped.errors[0]
    expect(first).toBeInstanceOf(LoginFailedError)
    expect((first as LoginFailedError).reason).toBe('network')
    for (const e of dropped.errors) expect(e).toBe(first)
    expect(dropped.logins).toBe(1)
    expect(c.auth.session.state).toMatchObject({ status: 'anonymous', user: null })

    const next = await burst(c, 20)
    expect(next.errors).toEqual([])
    expect(next.logins).toBe(1)
    expect(c.auth.session.state.status).toBe('authenticated')
  })

  it('keeps the session in memory with a warning event when client storage is full', async () => {
    h = await startHarness()
    const c = h.client()
    c.platform.storage.full = true
    const warnings: SessionEvent[] = []
    c.auth.session.subscribe((event) => {
      if (event.type === 'warning') warnings.push(event)
    })

    const first = await burst(c, 20)
    expect(first.errors).toEqual([])
    expect(first.logins).toBe(1)
    expect(c.auth.session.state.status).toBe('authenticated')
    expect(c.platform.storage.getRaw(DEFAULT_STORAGE_KEY)).toBe('')
    // One warning per refused write (the login, then each user refresh), each a typed StorageError.
    expect(warnings.length).toBeGreaterThan(0)
    expect(warnings).toHaveLength(c.platform.storage.setCalls)
    for (const w of warnings) expect(w.type === 'warning' && w.error).toBeInstanceOf(StorageError)

    // Still working from memory: no new login.
    const second = await burst(c, 20)
    expect(second.errors).toEqual([])
    expect(second.logins).toBe(0)

    // Once storage has room again, the next write persists the session.
    c.platform.storage.full = false
    await c.auth.account.me()
    expect(c.platform.storage.getRaw(DEFAULT_STORAGE_KEY)).toMatchObject({ user: { openid: c.platform.openid } })
  })
})

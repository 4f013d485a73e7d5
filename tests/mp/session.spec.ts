import { describe, expect, it } from 'vitest'
import type { Phone } from './helpers/wx/phone'
import { appStore } from './helpers/appStore'
import { useMpSuite, type MpLaunch } from './helpers/mpSuite'

const suite = useMpSuite()

interface AuthStore {
  refreshUser(): Promise<{ id: string }>
}

const authStore = (launch: MpLaunch): AuthStore => appStore<AuthStore>(launch, 'auth')

async function loggedInPhone(): Promise<Phone> {
  const phone = suite.newPhone()
  await suite.logIn(phone)
  return phone
}

describe('the session in the compiled mini program', () => {
  it('repairs a 401 with one silent re-login and the retry succeeds', async () => {
    const phone = await loggedInPhone()
    const { ui, wx } = suite.launch(phone)
    // The card is filled on load for a returning user: wait for that first, or the tap's answer
    // could not be told from it.
    await suite.waitFor('restored, the card filled on load', () => ui.text().includes('已登录') && ui.text().includes('昵称：'))
    await suite.settle(100)
    await suite.server.api.dropSessions()
    const before = await suite.stats()

    ui.tap('#protected-btn')
    await suite.waitFor('the silent re-login', () => wx.calls.some((c) => c.api === 'login'))
    await suite.waitFor('the protected data', () => ui.text().includes('昵称：'))
    await suite.settle(200)
    expect(ui.route()).toBe('pages/index/index')
    expect(ui.has('.error-text')).toBe(false)
    const after = await suite.stats()
    expect(after.logins - before.logins).toBe(1)
  })

  it('relaunches with a valid session without logging in, and with a stale session_key with one login', async () => {
    const phone = await loggedInPhone()
    let before = await suite.stats()
    let { ui, wx } = suite.launch(phone)
    await suite.waitFor('restored', () => ui.text().includes('已登录'))
    await suite.settle(200)
    expect((await suite.stats()).logins - before.logins).toBe(0)
    expect(wx.calls.filter((c) => c.api === 'login')).toEqual([])

    expect(suite.server.app.wxEmulator.expireSessionKey(phone.openid ?? '')).toBe(true)
    before = await suite.stats()
    ;({ ui, wx } = suite.launch(phone))
    await suite.waitFor('repaired', () => ui.text().includes('已登录') && wx.calls.some((c) => c.api === 'login'))
    await suite.settle(200)
    expect(wx.calls.filter((c) => c.api === 'checkSession')).toHaveLength(1)
    expect(wx.calls.filter((c) => c.api === 'login')).toHaveLength(1)
    expect((await suite.stats()).logins - before.logins).toBe(1)
  })

  it('answers 20 concurrent requests on an expired session after exactly one login', async () => {
    const phone = await loggedInPhone()
    const launch = suite.launch(phone)
    await suite.waitFor('restored', () => launch.ui.text().includes('已登录'))
    await suite.server.api.dropSessions()
    const before = await suite.stats()

    const results = await Promise.allSettled(Array.from({ length: 20 }, () => authStore(launch).refreshUser()))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20)
    expect(new Set(results.map((r) => (r.status === 'fulfilled' ? r.value.id : '')))).toHaveProperty('size', 1)
    expect((await suite.stats()).logins - before.logins).toBe(1)
    expect(launch.wx.calls.filter((c) => c.api === 'login')).toHaveLength(1)
  })
})

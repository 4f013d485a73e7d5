import { describe, expect, it } from 'vitest'
import { useMpSuite } from './helpers/mpSuite'

const suite = useMpSuite()

describe('first login in the compiled mini program', () => {
  it('sends nothing before the agreement is ticked, then logs in once and returns to the guarded page', async () => {
    const phone = suite.newPhone()
    const { ui, wx } = suite.launch(phone)
    await suite.waitFor('the home page shows 未登录', () => ui.text().includes('未登录'))
    const before = await suite.stats()

    // The guard stops the anonymous user on the way to the protected page.
    ui.tap('#profile-btn')
    await suite.waitFor('the login page', () => ui.route() === 'pages/login/login')
    expect(decodeURIComponent(ui.query().redirect ?? '')).toBe('/pages/profile/profile')

    // The button is disabled until the agreement is ticked: a tap sends nothing.
    ui.tap('#login-btn')
    await suite.settle()
    expect(wx.calls.filter((c) => c.api === 'login')).toEqual([])

    ui.tap('#agree-checkbox')
    await suite.waitFor('the login button enabled', () => ui.attr('#login-btn', 'disabled') === false)
    ui.tap('#login-btn')
    await suite.waitFor('back on the profile page', () => ui.route() === 'pages/profile/profile')
    await suite.waitFor('the profile shows', () => ui.text().includes('手机号'))

    expect(wx.calls.filter((c) => c.api === 'login')).toHaveLength(1)
    const after = await suite.stats()
    expect(after.logins - before.logins).toBe(1)
    expect(after.code2SessionCalls - before.code2SessionCalls).toBe(1)
    expect(suite.storedToken(phone)).toMatch(/\S{16,}/)
  })
})

import { describe, expect, it } from 'vitest'
import { useMpSuite } from './helpers/mpSuite'

const suite = useMpSuite()

describe('first login in the compiled mini program', () => {
  it('sends nothing before the agreement is ticked, then logs in once and returns to the guarded page', async () => {
    const phone = suite.newPhone()
    const { mp, ui, wx } = suite.launch(phone)
    await suite.waitFor('the home page shows 未登录', () => ui.text().includes('未登录'))
    const before = await suite.stats()

    // The guard stops the anonymous user on the way to the protected page.
    ui.tap('#profile-btn')
    await suite.waitFor('the login page', () => ui.route() === 'pages/login/login')
    expect(decodeURIComponent(ui.query().redirect ?? '')).toBe('/pages/profile/profile')

    // Before the agreement is ticked a tap says why and sends nothing.
    ui.tap('#login-btn')
    await suite.waitFor('the reason', () => ui.text().includes('请先阅读并同意《用户协议》和《隐私政策》'))
    expect(wx.calls.filter((c) => c.api === 'login')).toEqual([])
    expect(wx.toasts).toEqual([])

    // The documents open as pages; opening one does not tick the box.
    ui.tap('#user-agreement-link')
    await suite.waitFor('the user agreement', () => ui.route() === 'pages/agreement/agreement' && ui.text().includes('《用户协议》'))
    await mp.back()
    await suite.waitFor('back on the login page', () => ui.route() === 'pages/login/login')
    ui.tap('#privacy-policy-link')
    await suite.waitFor('the privacy policy', () => ui.text().includes('《隐私政策》') && ui.text().includes('会话密钥只保存在服务器'))
    await mp.back()
    await suite.waitFor('back on the login page', () => ui.route() === 'pages/login/login')
    expect(ui.has('#home-btn')).toBe(false)
    ui.tap('#login-btn')
    await suite.settle()
    expect(wx.calls.filter((c) => c.api === 'login')).toEqual([])

    ui.tap('#agree-checkbox')
    await suite.waitFor('the reason cleared', () => !ui.text().includes('请先阅读并同意'))
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

describe('a deep link to a protected page', () => {
  it('lands a logged-out user on the login page with a way back home', async () => {
    const phone = suite.newPhone()
    const { ui, wx } = suite.launch(phone, 'pages/profile/profile?from=share')
    await suite.waitFor('the login page', () => ui.route() === 'pages/login/login')
    expect(decodeURIComponent(ui.query().redirect ?? '')).toBe('/pages/profile/profile?from=share')
    expect(ui.has('#home-btn')).toBe(true)

    ui.tap('#home-btn')
    await suite.waitFor('home', () => ui.route() === 'pages/index/index' && ui.text().includes('未登录'))
    expect(wx.calls.filter((c) => c.api === 'login')).toEqual([])
  })

  it('logs the user in from the share card and opens the shared page', async () => {
    const phone = suite.newPhone()
    const { ui } = suite.launch(phone, 'pages/profile/profile')
    await suite.waitFor('the login page', () => ui.route() === 'pages/login/login')
    const before = await suite.stats()
    ui.tap('#agree-checkbox')
    ui.tap('#login-btn')
    await suite.waitFor('the profile page', () => ui.route() === 'pages/profile/profile' && ui.text().includes('未绑定'))
    expect((await suite.stats()).logins - before.logins).toBe(1)
  })
})

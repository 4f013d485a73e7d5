import { describe, expect, it } from 'vitest'
import { SESSION_KEY, useMpSuite } from './helpers/mpSuite'

const suite = useMpSuite()

describe('the profile page in the compiled mini program', () => {
  it('saves a nickname and an avatar, binds the phone without a wx.login, and logs out after confirming', async () => {
    const phone = suite.newPhone({ phoneNumber: '13800138000' })
    const { ui, wx } = await suite.logIn(phone)
    ui.tap('#profile-btn')
    await suite.waitFor('the profile page', () => ui.route() === 'pages/profile/profile' && ui.text().includes('未绑定'))
    // The avatar and phone buttons are WeChat's privacy-protected ones: the user agrees once, in the app's popup.
    ui.tap('#avatar-btn')
    await suite.waitFor('the privacy popup', () => ui.text().includes('用户隐私保护提示'))
    ui.tap('#agree-btn')
    await suite.waitFor('the popup closed', () => !ui.text().includes('用户隐私保护提示'))

    ui.type('#nickname-input', '小程序测试')
    ui.tap('#save-profile-btn')
    await suite.waitFor('saved', () => wx.toasts.includes('已保存'))
    expect(wx.calls.filter((c) => c.api === 'uploadFile')).toHaveLength(1)
    const avatar = [...ui.seenImages].find((src) => src.startsWith(suite.server.url + '/uploads/'))
    expect(avatar, 'the uploaded avatar is shown from the backend').toBeDefined()

    const loginsBefore = wx.calls.filter((c) => c.api === 'login').length
    const stats = await suite.stats()
    ui.tap('#phone-btn')
    await suite.waitFor('the phone bound', () => ui.text().includes('138****8000'))
    expect(ui.text()).not.toContain('13800138000')
    expect(wx.calls.filter((c) => c.api === 'login')).toHaveLength(loginsBefore)
    expect((await suite.stats()).logins).toBe(stats.logins)

    const token = suite.storedToken(phone)
    expect(token).toBeDefined()
    // The server holds what the screen shows: the nickname, the uploaded avatar, the full number.
    const me = (await suite.server.api.me(token ?? '')).body as { user?: Record<string, unknown> }
    expect(me.user).toMatchObject({ nickname: '小程序测试', avatarUrl: avatar, phoneNumber: '13800138000' })

    ui.tap('#logout-btn')
    await suite.waitFor('the confirmation', () => wx.modal?.title === '退出登录')
    wx.modal?.answer(false)
    await suite.settle()
    expect(phone.storage.has(SESSION_KEY)).toBe(true)

    ui.tap('#logout-btn')
    await suite.waitFor('the confirmation', () => wx.modal !== undefined)
    wx.modal?.answer(true)
    await suite.waitFor('home, logged out', () => ui.route() === 'pages/index/index' && ui.text().includes('未登录'))
    await suite.waitFor('the logout said on the home page', () => wx.toasts.includes('已退出登录'))
    expect(phone.storage.has(SESSION_KEY)).toBe(false)
    expect((await suite.server.api.me(token ?? '')).status).toBe(401)
  })

  it('fails the held privacy call on 拒绝 and lets it through on 同意', async () => {
    const phone = suite.newPhone()
    const { ui, wx } = await suite.logIn(phone)
    ui.tap('#profile-btn')
    await suite.waitFor('the profile page', () => ui.route() === 'pages/profile/profile')

    ui.tap('#legacy-profile-btn')
    await suite.waitFor('the privacy popup', () => ui.text().includes('用户隐私保护提示'))
    await suite.waitFor('the guide name from getPrivacySetting', () => ui.text().includes('《微信登录示例隐私保护指引》'))
    // WeChat holds the getUserProfile call while the popup is open: no answer has reached the page yet.
    await suite.settle()
    expect(ui.text()).not.toContain('已取消')
    ui.tap('#disagree-btn')
    await suite.waitFor('the popup closed', () => !ui.text().includes('用户隐私保护提示'))
    await suite.waitFor('the refusal said', () => ui.text().includes('已取消，你也可以直接在下方填写头像和昵称'))
    expect(phone.privacyAgreed).toBe(false)

    ui.tap('#legacy-profile-btn')
    await suite.waitFor('the privacy popup again', () => ui.text().includes('用户隐私保护提示'))
    await suite.settle()
    expect(ui.text()).not.toContain('请点击头像选择图片')
    ui.tap('#agree-btn')
    await suite.waitFor('the popup closed', () => !ui.text().includes('用户隐私保护提示'))
    // The held call now resolves; since late 2022 WeChat answers it anonymously, so the page asks to fill in.
    await suite.waitFor('the fill-in hint', () => ui.text().includes('请点击头像选择图片'))
    expect(phone.privacyAgreed).toBe(true)
    expect(wx.calls.filter((c) => c.api === 'getUserProfile')).toHaveLength(2)

    // Agreed once, the next privacy API runs without asking again.
    ui.tap('#legacy-profile-btn')
    await suite.settle()
    expect(ui.text()).not.toContain('用户隐私保护提示')
    expect(wx.calls.filter((c) => c.api === 'getUserProfile')).toHaveLength(3)
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { freshAppWorld, stubUni } from './appAuthMock'

async function mountHomePage(options: { login: boolean }) {
  const world = await freshAppWorld()
  stubUni(world)
  if (options.login) await world.auth.session.login()
  await world.auth.session.ready()
  const HomePage = (await import('@/pages/index/index.vue')).default
  // Imported after vi.resetModules(), like the page, so both share this test's hook registry.
  const { emitPageHook } = await import('../shims/uniApp')
  const wrapper = mount(HomePage, { global: { plugins: [createPinia()] } })
  return { wrapper, world, emitPageHook }
}

describe('pages/index/index.vue', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('shows 未登录 and asks to log in when protected data is requested anonymously', async () => {
    const { wrapper, world } = await mountHomePage({ login: false })
    expect(wrapper.find('.status-text').text()).toBe('未登录')

    await wrapper.find('#protected-btn').trigger('click')
    await flushPromises()

    expect(wrapper.find('.error-text').text()).toBe('请先登录')
    expect(world.platform.calls.login).toBe(0)
    expect(wrapper.find('#protected-btn').text()).toBe('加载受保护数据')
  })

  it('shows 已登录 and loads the protected data without showing the openid or the user id', async () => {
    const { wrapper, world } = await mountHomePage({ login: true })
    expect(wrapper.find('.status-text').text()).toBe('已登录')
    expect(wrapper.find('.user-name').text()).toBe('微信用户')

    await wrapper.find('#protected-btn').trigger('click')
    await flushPromises()

    expect(wrapper.find('.protected-result').text()).toContain('昵称')
    expect(wrapper.text()).not.toContain(world.platform.wechat.openid)
    expect(wrapper.text()).not.toContain(world.platform.wechat.openid.slice(-6))
  })

  it('keeps the card on the store: a nickname changed elsewhere shows without a reload', async () => {
    const { wrapper, world } = await mountHomePage({ login: true })
    await wrapper.find('#protected-btn').trigger('click')
    await flushPromises()
    const user = world.auth.session.state.user
    if (user === null) throw new Error('expected a logged-in user')
    world.auth.session.setUser({ ...user, nickname: '新昵称' })
    await flushPromises()
    expect(wrapper.find('.protected-result').text()).toContain('新昵称')
  })

  it('repairs a session the server forgot, silently, and still shows the data', async () => {
    const { wrapper, world } = await mountHomePage({ login: true })
    world.backend.forgetAllSessions()

    await wrapper.find('#protected-btn').trigger('click')
    await flushPromises()

    expect(world.backend.counts.logins).toBe(2)
    expect(wrapper.find('.protected-result').exists()).toBe(true)
    expect(wrapper.find('.error-text').exists()).toBe(false)
  })

  it('loads the card with a plain uni.request that carries the token only to the backend', async () => {
    const { wrapper, world } = await mountHomePage({ login: true })
    await wrapper.find('#protected-btn').trigger('click')
    await flushPromises()

    const call = world.platform.transportLog.at(-1)
    expect(call?.url).toBe('http://127.0.0.1:3000/api/me')
    expect(call?.headers.Authorization).toMatch(/^Bearer /)
  })

  it('fills the card on load for a returning user, and asks an anonymous one for nothing', async () => {
    const returning = await mountHomePage({ login: true })
    await returning.emitPageHook('onLoad', {})
    await flushPromises()
    // Filled from GET /api/me, shown as the user reads it: no openid, no user id.
    expect(returning.wrapper.find('.protected-result').text()).toContain('昵称')
    expect(returning.world.platform.transportLog.at(-1)?.url).toBe('http://127.0.0.1:3000/api/me')
    expect(returning.wrapper.text()).not.toContain(returning.world.platform.wechat.openid)
    returning.wrapper.unmount()

    const anonymous = await mountHomePage({ login: false })
    await anonymous.emitPageHook('onLoad', {})
    await flushPromises()
    expect(anonymous.world.platform.transportLog).toEqual([])
    expect(anonymous.wrapper.find('.error-text').exists()).toBe(false)
  })

  it('opens the profile through the guard, which sends an anonymous user to login', async () => {
    const { wrapper, world } = await mountHomePage({ login: false })
    const { guard } = await import('@/src/app/guard')
    guard.install()

    await wrapper.find('#profile-btn').trigger('click')
    await flushPromises()

    expect(world.platform.router.currentPages().map((p) => p.route)).toEqual(['/pages/index/index', '/pages/login/login'])
  })
})

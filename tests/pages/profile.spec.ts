import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { freshAppWorld } from './appAuthMock'

async function mountProfilePage(options: { login: boolean }) {
  const world = await freshAppWorld()
  if (options.login) await world.auth.session.login()
  await world.auth.session.ready()
  const ProfilePage = (await import('@/pages/profile/profile.vue')).default
  const { emitPageHook } = await import('../shims/uniApp')
  const wrapper = mount(ProfilePage, { global: { plugins: [createPinia()] } })
  await emitPageHook('onLoad', { from: 'share' })
  await emitPageHook('onShow')
  await flushPromises()
  return { wrapper, world }
}

describe('pages/profile/profile.vue', () => {
  beforeEach(() => {
    vi.stubGlobal('uni', { showToast: vi.fn() })
  })

  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('sends a logged-out visitor (a share entry) to the login page with the return URL', async () => {
    const { world } = await mountProfilePage({ login: false })

    expect(world.platform.router.history).toEqual([
      { method: 'redirectTo', url: `/pages/login/login?redirect=${encodeURIComponent('/pages/profile/profile?from=share')}` },
    ])
  })

  it('shows the profile form with the WeChat fill fields for a logged-in user', async () => {
    const { wrapper, world } = await mountProfilePage({ login: true })

    expect(world.platform.router.history).toEqual([])
    const input = wrapper.find('#nickname-input')
    expect(input.attributes('type')).toBe('nickname')
    expect(input.attributes('name')).toBe('nickname')
    expect(wrapper.find('#save-profile-btn').attributes('form-type')).toBe('submit')
    expect(wrapper.find('.phone-text').text()).toBe('未绑定')
  })

  it('saves the nickname read from the submitted form', async () => {
    const { wrapper, world } = await mountProfilePage({ login: true })

    await wrapper.find('form').trigger('submit', { detail: { value: { nickname: '小红' } } })
    await flushPromises()

    expect(world.auth.session.state.user?.nickname).toBe('小红')
  })

  it('logs out and relaunches home', async () => {
    const { wrapper, world } = await mountProfilePage({ login: true })

    await wrapper.find('#logout-btn').trigger('click')
    await flushPromises()

    expect(world.auth.session.state.status).toBe('anonymous')
    expect(world.platform.router.history.at(-1)).toEqual({ method: 'reLaunch', url: '/pages/index/index' })
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { freshAppWorld } from './appAuthMock'

async function mountLoginPage(query: Record<string, string> = {}) {
  const world = await freshAppWorld()
  const LoginPage = (await import('@/pages/login/login.vue')).default
  // Imported after vi.resetModules(), like the page, so both share this test's hook registry.
  const { emitPageHook } = await import('../shims/uniApp')
  const wrapper = mount(LoginPage, { global: { plugins: [createPinia()] } })
  await emitPageHook('onLoad', query)
  await world.auth.session.ready()
  return { wrapper, world }
}

function tick(wrapper: Awaited<ReturnType<typeof mountLoginPage>>['wrapper'], value: string[]) {
  return wrapper.find('checkbox-group').trigger('change', { detail: { value } })
}

describe('pages/login/login.vue', () => {
  const showToast = vi.fn()

  beforeEach(() => {
    showToast.mockReset()
    vi.stubGlobal('uni', { showToast })
  })

  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('keeps the login button disabled and sends nothing until the agreement is ticked', async () => {
    const { wrapper, world } = await mountLoginPage()
    const button = wrapper.find('#login-btn')

    expect(button.attributes('disabled')).toBeDefined()
    await button.trigger('click')
    await flushPromises()
    expect(world.platform.calls.login).toBe(0)
    expect(world.platform.transportLog).toHaveLength(0)

    await tick(wrapper, ['agree'])
    expect(wrapper.find('#login-btn').attributes('disabled')).toBeUndefined()
  })

  it('logs in on tap after ticking and returns to the redirect page', async () => {
    const { wrapper, world } = await mountLoginPage({ redirect: '/pages/profile/profile' })

    await tick(wrapper, ['agree'])
    await wrapper.find('#login-btn').trigger('click')
    await flushPromises()

    expect(world.backend.counts.logins).toBe(1)
    expect(world.platform.router.history.at(-1)).toEqual({ method: 'redirectTo', url: '/pages/profile/profile' })
  })

  it('shows the mapped error inline and as a toast', async () => {
    const { wrapper, world } = await mountLoginPage()
    world.backend.failNextLogin({ status: 503, error: 'wechat_unavailable' })

    await tick(wrapper, ['agree'])
    await wrapper.find('#login-btn').trigger('click')
    await flushPromises()

    expect(wrapper.find('.error-text').text()).toBe('微信服务繁忙，请稍后再试')
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '微信服务繁忙，请稍后再试' }))
    expect(wrapper.find('#login-btn').text()).toBe('微信一键登录')
  })
})

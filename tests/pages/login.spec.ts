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

  it('says why and sends nothing when the button is tapped before the agreement is ticked', async () => {
    const { wrapper, world } = await mountLoginPage()
    await wrapper.find('#login-btn').trigger('click')
    await flushPromises()
    expect(wrapper.find('.error-text').text()).toContain('请先阅读并同意《用户协议》和《隐私政策》')
    expect(world.platform.calls.login).toBe(0)
    expect(world.platform.transportLog).toHaveLength(0)

    await tick(wrapper, ['agree'])
    expect(wrapper.find('.error-text').exists()).toBe(false)
  })

  it('logs in on tap after ticking and returns to the redirect page', async () => {
    const { wrapper, world } = await mountLoginPage({ redirect: '/pages/profile/profile' })

    await tick(wrapper, ['agree'])
    await wrapper.find('#login-btn').trigger('click')
    await flushPromises()

    expect(world.backend.counts.logins).toBe(1)
    expect(world.platform.router.history.at(-1)).toEqual({ method: 'redirectTo', url: '/pages/profile/profile' })
  })

  it('shows the mapped error once, inline, without a toast on top', async () => {
    const { wrapper, world } = await mountLoginPage()
    world.backend.failNextLogin({ status: 503, error: 'wechat_unavailable' })

    await tick(wrapper, ['agree'])
    await wrapper.find('#login-btn').trigger('click')
    await flushPromises()

    expect(wrapper.find('.error-text').text()).toBe('微信服务繁忙，请稍后再试')
    expect(showToast).not.toHaveBeenCalled()
    expect(wrapper.find('#login-btn').text()).toBe('微信一键登录')
  })
})

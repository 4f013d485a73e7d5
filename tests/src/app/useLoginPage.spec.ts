import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, defineStore, setActivePinia } from 'pinia'
import { useLoginPage, MINI_PROGRAM_ONLY_NOTICE } from '@/src/app/useLoginPage'
import { createRouteGuard, defineAuthStore, type Platform } from 'wx-login-state'
import { createTestWorld } from './testWorld'

function setup(platform: Pick<Platform, 'kind' | 'dev'> = { kind: 'mp-weixin' }) {
  const world = createTestWorld()
  const store = defineAuthStore(world.auth, defineStore)()
  const guard = createRouteGuard({
    router: world.platform.router,
    session: world.auth.session,
    protectedPages: ['/pages/profile/profile'],
    loginPage: '/pages/login/login',
  })
  const page = useLoginPage({ store, guard, platform })
  return { ...world, store, page }
}

describe('useLoginPage', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })

  it('sends nothing until the agreement is ticked', async () => {
    const { page, platform } = setup()

    expect(page.canSubmit.value).toBe(false)
    await page.submit()

    expect(platform.calls.login).toBe(0)
    expect(platform.transportLog).toHaveLength(0)
    expect(page.errorText.value).toContain('请先阅读并同意')
  })

  it('reads the agreement from the checkbox-group change event', () => {
    const { page } = setup()

    page.onAgreementChange({ detail: { value: ['agree'] } })
    expect(page.canSubmit.value).toBe(true)
    page.onAgreementChange({ detail: { value: [] } })
    expect(page.canSubmit.value).toBe(false)
    page.onAgreementChange({})
    expect(page.canSubmit.value).toBe(false)
  })

  it('logs in once and returns to the recorded page', async () => {
    const { page, platform, backend, store } = setup()
    page.onLoad({ redirect: '/pages/profile/profile?tab=1' })
    page.setAgreed(true)

    await page.submit()

    expect(store.isLoggedIn).toBe(true)
    expect(backend.counts.logins).toBe(1)
    expect(platform.router.history.at(-1)).toEqual({ method: 'redirectTo', url: '/pages/profile/profile?tab=1' })
    expect(page.loading.value).toBe(false)
    expect(page.errorText.value).toBe('')
  })

  it('goes home after a login without a return URL', async () => {
    const { page, platform } = setup()
    page.onLoad({})
    page.setAgreed(true)

    await page.submit()

    expect(platform.router.history.at(-1)).toEqual({ method: 'reLaunch', url: '/pages/index/index' })
  })

  it('shows the mapped message once, inline, and the button leaves its loading state', async () => {
    const { page, backend, platform } = setup()
    backend.failNextLogin({ status: 429, error: 'rate_limited' })
    page.setAgreed(true)

    const pending = page.submit()
    expect(page.loading.value).toBe(true)
    await pending

    expect(page.errorText.value).toBe('操作太频繁，请稍后再试')
    expect(page.loading.value).toBe(false)
    expect(platform.router.history).toHaveLength(0)
  })

  it('tells the user on a plain H5 build that WeChat login needs the mini program', async () => {
    const { page, platform } = setup({ kind: 'h5' })
    platform.failNextLogin('unsupported', 'login:fail WeChat login needs the mini program')
    expect(page.platformNotice.value).toBe(MINI_PROGRAM_ONLY_NOTICE)
    page.setAgreed(true)

    await page.submit()

    expect(page.errorText.value).toBe('微信登录需要在微信小程序中使用，请在微信中打开')
    expect(platform.transportLog).toHaveLength(0)
  })

  it('shows no H5 notice on the emulator adapter, which logs in through the reference server', () => {
    const { page } = setup({ kind: 'h5', dev: { phoneCode: () => Promise.resolve('p'), chooseImage: () => Promise.resolve('blob:x') } })
    expect(page.platformNotice.value).toBe('')
  })

  it('ignores a second tap while the first login runs', async () => {
    const { page, backend, platform } = setup()
    page.setAgreed(true)
    const hold = backend.holdLogins()

    const first = page.submit()
    await Promise.resolve()
    const second = page.submit()
    hold.release()
    await Promise.all([first, second])

    expect(platform.calls.login).toBe(1)
    expect(backend.counts.loginAttempts).toBe(1)
  })
})

describe("useLoginPage in WeChat's browser", () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })

  it('goes on to the recorded page when the page load WeChat sent back completed the login', async () => {
    const world = createTestWorld()
    const returned: Array<string | undefined> = []
    const page = useLoginPage({
      store: { login: () => Promise.reject(new Error('not called')) },
      guard: { returnAfterLogin: async (to) => void returned.push(to) },
      platform: { kind: 'h5-wechat' },
      restored: async () => ({ loggedIn: true, error: null }),
    })
    page.onLoad({ redirect: '/pages/profile/profile' })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(returned).toEqual(['/pages/profile/profile'])
    expect(world.platform.calls.login).toBe(0)
  })

  it('shows why the login did not complete, in Chinese, and stays on the page', async () => {
    const { LoginFailedError } = await import('wx-login-state')
    const returned: unknown[] = []
    const page = useLoginPage({
      store: { login: () => Promise.reject(new Error('not called')) },
      guard: { returnAfterLogin: async (to) => void returned.push(to) },
      platform: { kind: 'h5-wechat' },
      restored: async () => ({ loggedIn: false, error: new LoginFailedError({ reason: 'web_auth_denied', message: 'refused' }) }),
    })
    page.onLoad({})
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(page.errorText.value).toBe('你已取消微信授权，如需登录请再次点击登录')
    expect(page.platformNotice.value).toBe('')
    expect(returned).toEqual([])
  })
})

import { computed, ref } from 'vue'
import type { Platform, RouteGuard, User } from 'wx-login-state'
import { errorMessage } from './errorMessages'

/** What the login page needs; the page passes the app's store and guard, tests pass their own. */
export interface LoginPageDeps {
  store: { login(): Promise<User> }
  guard: Pick<RouteGuard, 'returnAfterLogin'>
  /** The app's platform: a plain H5 build (no `dev` tools) cannot log in with WeChat. */
  platform: Pick<Platform, 'kind' | 'dev'>
  /**
   * Redirect-based platforms (WeChat's browser): the session once the launch restore finished, which may have
   * completed a login that WeChat's authorize page sent back, or failed it.
   */
  restored?: () => Promise<{ loggedIn: boolean; error: unknown }>
}

/** The notice shown up front on a plain H5 build, where WeChat login cannot work. */
export const MINI_PROGRAM_ONLY_NOTICE = '微信登录需要在微信小程序中使用。请在微信中打开本小程序，或以模拟登录模式（npm run dev）运行 H5 版。'

/**
 * The login page's logic: the agreement tick gates the button (nothing is sent before it), one tap
 * runs one `store.login()`, success returns to the page the guard recorded, failure shows one clear
 * sentence from `errorMessages.ts`, inline only. `loading` always ends, whatever the outcome.
 */
export function useLoginPage(deps: LoginPageDeps) {
  const agreed = ref(false)
  const loading = ref(false)
  const errorText = ref('')
  let redirect: string | undefined

  const canSubmit = computed(() => agreed.value && !loading.value)
  // The emulator adapter runs on H5 too, but logs in through the reference server: no notice there.
  const canLogIn = deps.platform.kind === 'mp-weixin' || deps.platform.kind === 'h5-wechat' || deps.platform.dev !== undefined
  const platformNotice = computed(() => (canLogIn ? '' : MINI_PROGRAM_ONLY_NOTICE))

  function onLoad(query?: Record<string, unknown>): void {
    const value = query?.redirect
    redirect = typeof value === 'string' && value !== '' ? value : undefined
    if (deps.restored !== undefined) void resume(deps.restored)
  }

  /** Back from WeChat's authorize page: go on to the recorded page, or say why the login did not complete. */
  async function resume(restored: NonNullable<LoginPageDeps['restored']>): Promise<void> {
    const { loggedIn, error } = await restored()
    if (!loggedIn) {
      if (error !== null && error !== undefined) errorText.value = errorMessage(error)
      return
    }
    try {
      await deps.guard.returnAfterLogin(redirect)
    } catch {
      errorText.value = '登录成功，但页面跳转失败，请返回首页'
    }
  }

  function setAgreed(value: boolean): void {
    agreed.value = value
    if (value) errorText.value = ''
  }

  /** Reads uni's `<checkbox-group @change>` event: `detail.value` lists the ticked values. */
  function onAgreementChange(event: { detail?: { value?: unknown } }): void {
    const value = event.detail?.value
    setAgreed(Array.isArray(value) && value.includes('agree'))
  }

  async function submit(): Promise<void> {
    if (!agreed.value) {
      errorText.value = '请先阅读并同意《用户协议》和《隐私政策》'
      return
    }
    if (loading.value) return
    loading.value = true
    errorText.value = ''
    try {
      await deps.store.login()
    } catch (error) {
      // Shown once, inline under the button; a toast on top would say the same thing twice.
      errorText.value = errorMessage(error)
      return
    } finally {
      loading.value = false
    }
    try {
      await deps.guard.returnAfterLogin(redirect)
    } catch {
      // Logged in but the page could not be opened (stack full, page gone): say so instead of hanging.
      errorText.value = '登录成功，但页面跳转失败，请返回首页'
    }
  }

  return { agreed, loading, errorText, canSubmit, platformNotice, onLoad, setAgreed, onAgreementChange, submit }
}

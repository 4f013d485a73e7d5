import { ref } from 'vue'
import { checkNickname, requestLegacyProfile, type Platform, type ProfileUpdate, type User } from 'wx-login-state'
import { NICKNAME_HINTS } from './nicknameHints'
import { errorMessage } from './errorMessages'
import { showConfirm } from './confirm'
import { showToast } from './toast'

/** What the profile page needs; the page passes the app's store and platform, tests their own. */
export interface ProfilePageDeps {
  store: {
    readonly user: User | null
    updateProfile(update: ProfileUpdate): Promise<User | null>
    bindPhone(code: string): Promise<User>
    logout(): Promise<void>
    refreshUser(): Promise<User>
  }
  platform: Pick<Platform, 'kind' | 'dev' | 'getUserProfile' | 'router'>
  homePage: string
  notify?: (message: string) => void
  /** Asks the user to confirm; default: a WeChat modal (`uni.showModal`). */
  confirm?: (title: string, content: string) => Promise<boolean>
}

/** The `detail` of `<form @submit>`: the values of the named fields, read at submit time. */
export interface FormSubmitEvent {
  detail?: { value?: Record<string, unknown> }
}

/** The `detail` of `<button open-type="getPhoneNumber" @getphonenumber>`. */
export interface PhoneNumberEvent {
  detail?: { code?: unknown; errMsg?: unknown }
}

/** The `detail` of `<button open-type="chooseAvatar" @chooseavatar>`. */
export interface ChooseAvatarEvent {
  detail?: { avatarUrl?: unknown }
}

/** Shown when WeChat no longer hands out the real profile, so the user fills it in instead. */
export const FILL_IN_HINT = '微信已不再提供头像和昵称，请点击头像选择图片，并在下方填写昵称'

/**
 * The profile page's logic. The nickname is read from the form on submit, not from an input
 * binding, because WeChat clears a `type="nickname"` input whose text fails its content check and
 * only the submitted value is what the user finally sees. The phone button's code goes straight to
 * the backend; this callback never logs in, since a new `wx.login` would rotate the session_key
 * that the backend needs. Every busy flag ends, whatever the outcome.
 */
export function useProfilePage(deps: ProfilePageDeps) {
  const notify = deps.notify ?? showToast
  const confirm = deps.confirm ?? showConfirm
  // Branch on the adapter, not on #ifdef: the emulator build is H5 too, yet has dev tools.
  const canChooseAvatar = deps.platform.kind === 'mp-weixin'
  const devTools = deps.platform.dev
  const nicknameDraft = ref(deps.store.user?.nickname ?? '')
  const avatarFilePath = ref('')
  const hint = ref('')
  const errorText = ref('')
  const saving = ref(false)
  const binding = ref(false)
  const loggingOut = ref(false)

  function fail(error: unknown): void {
    // Shown once, inline; a toast on top would say the same thing twice.
    errorText.value = errorMessage(error)
  }

  function onChooseAvatar(event: ChooseAvatarEvent): void {
    const path = event.detail?.avatarUrl
    if (typeof path === 'string' && path !== '') avatarFilePath.value = path
  }

  async function chooseImageDev(): Promise<void> {
    if (!devTools) return
    try {
      avatarFilePath.value = await devTools.chooseImage()
    } catch {
      // Closing the file picker is not an error worth a message.
    }
  }

  /** Must run straight from the tap: `getUserProfile` is refused after an `await`. */
  async function requestWeChatProfile(): Promise<void> {
    errorText.value = ''
    try {
      const result = await requestLegacyProfile(deps.platform)
      if (result.kind === 'profile') {
        nicknameDraft.value = result.nickname
        hint.value = '已获取微信昵称，请确认后点击保存'
      } else if (result.kind === 'denied') {
        hint.value = '已取消，你也可以直接在下方填写头像和昵称'
      } else {
        hint.value = FILL_IN_HINT
      }
    } catch {
      hint.value = FILL_IN_HINT
    }
  }

  /** Accepts a plain `Event` too, because `<form>` is also a DOM element whose listener gets a plain `Event`. */
  async function onSubmit(event: FormSubmitEvent | Event): Promise<void> {
    if (saving.value) return
    const raw = 'detail' in event ? (event as FormSubmitEvent).detail?.value?.nickname : undefined
    // The backend's rules, checked here so the user learns before the round trip; empty means "keep it".
    const checked = checkNickname(typeof raw === 'string' ? raw : '')
    if (!checked.ok && checked.problem !== 'empty') {
      errorText.value = NICKNAME_HINTS[checked.problem]
      notify(errorText.value)
      return
    }
    const nickname = checked.ok ? checked.nickname : ''
    const update: ProfileUpdate = {}
    if (avatarFilePath.value !== '') update.avatarFilePath = avatarFilePath.value
    if (nickname !== '' && nickname !== deps.store.user?.nickname) update.nickname = nickname
    if (update.avatarFilePath === undefined && update.nickname === undefined) {
      errorText.value = nickname === '' ? '请填写昵称' : ''
      if (nickname !== '') notify('资料没有变化')
      return
    }
    saving.value = true
    errorText.value = ''
    try {
      const user = await deps.store.updateProfile(update)
      avatarFilePath.value = ''
      nicknameDraft.value = user?.nickname ?? nickname
      notify('已保存')
    } catch (error) {
      fail(error)
    } finally {
      saving.value = false
    }
  }

  async function bindWithCode(code: string): Promise<void> {
    binding.value = true
    errorText.value = ''
    try {
      await deps.store.bindPhone(code)
      notify('手机号已绑定')
    } catch (error) {
      fail(error)
    } finally {
      binding.value = false
    }
  }

  async function onGetPhoneNumber(event: PhoneNumberEvent): Promise<void> {
    if (binding.value) return
    const code = event.detail?.code
    if (typeof code === 'string' && code !== '') return bindWithCode(code)
    const errMsg = typeof event.detail?.errMsg === 'string' ? event.detail.errMsg : ''
    if (/deny|cancel/i.test(errMsg)) {
      // The user said no; that is their right, not an error.
      notify('你已取消授权手机号')
      return
    }
    errorText.value = '获取手机号失败，请稍后再试'
  }

  async function bindPhoneDev(): Promise<void> {
    if (!devTools || binding.value) return
    let code: string
    try {
      code = await devTools.phoneCode()
    } catch (error) {
      errorText.value = `获取模拟手机号失败：${errorMessage(error)}`
      return
    }
    await bindWithCode(code)
  }

  // NOTE: the page's onShow can fire twice as the login page hands over to it (the redirect, then the show of the
  // page itself): calls in the same flight share one GET /api/me.
  let refreshing: Promise<void> | undefined
  function refresh(): Promise<void> {
    refreshing ??= (async () => {
      try {
        const user = await deps.store.refreshUser()
        if (nicknameDraft.value === '') nicknameDraft.value = user.nickname
      } catch (error) {
        fail(error)
      } finally {
        refreshing = undefined
      }
    })()
    return refreshing
  }

  /** Asks first; logs out only on 确定, then goes home and says it is done there. */
  async function logout(): Promise<void> {
    if (loggingOut.value) return
    loggingOut.value = true
    try {
      if (!(await confirm('退出登录', '退出后需要重新登录才能查看你的资料，确定退出吗？'))) return
      await deps.store.logout()
      // The toast comes after the navigation: a page change closes a toast that is still showing.
      await deps.platform.router.navigate('reLaunch', deps.homePage)
      notify('已退出登录')
    } finally {
      loggingOut.value = false
    }
  }

  return {
    canChooseAvatar,
    hasDevTools: devTools !== undefined,
    nicknameDraft,
    avatarFilePath,
    hint,
    errorText,
    saving,
    binding,
    loggingOut,
    onChooseAvatar,
    chooseImageDev,
    requestWeChatProfile,
    onSubmit,
    onGetPhoneNumber,
    bindPhoneDev,
    refresh,
    logout,
  }
}

import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, defineStore, setActivePinia } from 'pinia'
import { FILL_IN_HINT, useProfilePage } from '@/src/app/useProfilePage'
import { defineAuthStore, type Platform } from 'wx-login-state'
import { createTestWorld } from './testWorld'

async function setup(overrides: Partial<Pick<Platform, 'kind' | 'dev'>> = {}, profile?: { nickName: string; avatarUrl: string }) {
  const world = createTestWorld(profile ? { profile } : {})
  const store = defineAuthStore(world.auth, defineStore)()
  await store.login()
  const notices: string[] = []
  // What the user answers to each confirmation, in order (true: 确定); every question is kept.
  const answers: boolean[] = []
  const questions: string[] = []
  const confirm = (title: string): Promise<boolean> => {
    questions.push(title)
    return Promise.resolve(answers.shift() ?? true)
  }
  const platform = Object.assign(Object.create(world.platform) as Platform, overrides)
  const page = useProfilePage({ store, platform, homePage: '/pages/index/index', notify: (m) => notices.push(m), confirm })
  return { ...world, store, page, notices, answers, questions }
}

const submitted = (nickname: unknown) => ({ detail: { value: { nickname } } })

describe('useProfilePage', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })

  it('sends one GET /api/me for refreshes in the same flight (onShow firing twice after the login hands over)', async () => {
    const { page, platform } = await setup()
    const before = platform.transportLog.filter((c) => c.url.endsWith('/api/me')).length
    await Promise.all([page.refresh(), page.refresh()])
    expect(platform.transportLog.filter((c) => c.url.endsWith('/api/me')).length - before).toBe(1)
    await page.refresh()
    expect(platform.transportLog.filter((c) => c.url.endsWith('/api/me')).length - before).toBe(2)
  })

  it('falls through to the avatar/nickname fill when getUserProfile answers anonymously', async () => {
    const { page, platform, store } = await setup()

    await page.requestWeChatProfile()

    expect(platform.calls.getUserProfile).toBe(1)
    expect(page.hint.value).toBe(FILL_IN_HINT)
    expect(page.nicknameDraft.value).toBe('')
    expect(store.user?.nickname).toBe('')
  })

  it('pre-fills the nickname from a real legacy profile without saving it yet', async () => {
    const { page, store } = await setup({}, { nickName: '老用户', avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/real/132' })

    await page.requestWeChatProfile()

    expect(page.nicknameDraft.value).toBe('老用户')
    expect(store.user?.nickname).toBe('')
  })

  it('saves the nickname read from the submitted form and the chosen avatar', async () => {
    const { page, store, platform } = await setup({ kind: 'mp-weixin' })
    expect(page.canChooseAvatar).toBe(true)

    page.onChooseAvatar({ detail: { avatarUrl: 'wxfile://tmp/avatar.png' } })
    await page.onSubmit(submitted('  小明  '))

    expect(store.user?.nickname).toBe('小明')
    expect(store.user?.avatarUrl).not.toBe('')
    expect(platform.transportLog.find((c) => c.kind === 'upload')).toMatchObject({ filePath: 'wxfile://tmp/avatar.png', name: 'file' })
    expect(page.avatarFilePath.value).toBe('')
    expect(page.saving.value).toBe(false)
  })

  it('asks for a nickname when WeChat cleared the field, and sends nothing', async () => {
    const { page, platform } = await setup()
    const before = platform.transportLog.length

    await page.onSubmit(submitted(''))

    expect(page.errorText.value).toBe('请填写昵称')
    expect(platform.transportLog).toHaveLength(before)
  })

  it('refuses a nickname over 32 characters before the round trip', async () => {
    const { page, platform } = await setup()
    const before = platform.transportLog.length

    await page.onSubmit(submitted('x'.repeat(33)))

    expect(page.errorText.value).toBe('昵称需为 1–32 个字符')
    expect(page.saving.value).toBe(false)
    expect(platform.transportLog).toHaveLength(before)
  })

  it.each([
    ['abc\u202egnp.exe', '昵称不能包含控制字符、方向控制符或不可见字符'],
    ['\u3164\u3164', '昵称需要至少一个可见字符'],
  ])('refuses %j with the backend\'s rules, sending nothing', async (nickname, hint) => {
    const { page, platform, notices } = await setup()
    const before = platform.transportLog.length

    await page.onSubmit(submitted(nickname))

    expect(page.errorText.value).toBe(hint)
    expect(notices).toContain(hint)
    expect(platform.transportLog).toHaveLength(before)
  })

  it('sends the nickname NFC-normalised, as the backend stores it', async () => {
    const { page, store } = await setup()

    await page.onSubmit(submitted('Jose\u0301'))

    expect(store.user?.nickname).toBe('Jos\u00e9')
  })

  it('binds the phone with the getPhoneNumber code and never logs in again', async () => {
    const { page, store, platform } = await setup({ kind: 'mp-weixin' })
    const logins = platform.calls.login

    await page.onGetPhoneNumber({ detail: { code: 'phone_abc', errMsg: 'getPhoneNumber:ok' } })

    expect(store.user?.phoneNumber).toBe('13800138000')
    expect(platform.calls.login).toBe(logins)
  })

  it('takes a refused phone number calmly', async () => {
    const { page, store, notices, platform } = await setup({ kind: 'mp-weixin' })
    const before = platform.transportLog.length

    await page.onGetPhoneNumber({ detail: { errMsg: 'getPhoneNumber:fail user deny' } })

    expect(notices).toEqual(['你已取消授权手机号'])
    expect(page.errorText.value).toBe('')
    expect(store.user?.phoneNumber).toBeUndefined()
    expect(platform.transportLog).toHaveLength(before)
  })

  it('uses the emulator dev tools for phone and avatar on the emulator adapter', async () => {
    const { page, store } = await setup({
      kind: 'h5',
      dev: { phoneCode: () => Promise.resolve('phone_dev'), chooseImage: () => Promise.resolve('blob:http://localhost/9') },
    })
    expect(page.canChooseAvatar).toBe(false)
    expect(page.hasDevTools).toBe(true)

    await page.chooseImageDev()
    await page.bindPhoneDev()

    expect(page.avatarFilePath.value).toBe('blob:http://localhost/9')
    expect(store.user?.phoneNumber).toBe('13800138000')
  })

  it('asks before logging out, and 取消 keeps the user logged in where they are', async () => {
    const { page, store, platform, answers, questions, notices } = await setup()
    answers.push(false)

    await page.logout()

    expect(questions).toEqual(['退出登录'])
    expect(store.isLoggedIn).toBe(true)
    expect(platform.router.history).toHaveLength(0)
    expect(notices).toEqual([])
    expect(page.loggingOut.value).toBe(false)
  })

  it('logs out on 确定, relaunches home, and says so once it is there', async () => {
    const { page, store, platform, answers, questions, notices } = await setup()
    answers.push(true)
    let noticesAtNavigation: string[] | undefined
    const navigate = platform.router.navigate.bind(platform.router)
    platform.router.navigate = async (method, url) => {
      noticesAtNavigation = [...notices]
      await navigate(method, url)
    }

    await page.logout()

    expect(questions).toEqual(['退出登录'])
    expect(store.isLoggedIn).toBe(false)
    expect(platform.router.history.at(-1)).toEqual({ method: 'reLaunch', url: '/pages/index/index' })
    expect(noticesAtNavigation).toEqual([])
    expect(notices).toEqual(['已退出登录'])
    expect(page.loggingOut.value).toBe(false)
  })
})

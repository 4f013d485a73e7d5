import { describe, expect, it, beforeEach } from 'vitest'
import { watch } from 'vue'
import { createPinia, defineStore, setActivePinia } from 'pinia'
import { createAuth } from '../../src/createAuth'
import { defineAuthStore } from '../../src/pinia/defineAuthStore'
import { LoginFailedError } from '../../src/errors'
import { createTestWorld } from '../../../../tests/src/app/testWorld'

describe('defineAuthStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })

  function recordStatus(store: { readonly status: string }): string[] {
    const seen: string[] = [store.status]
    watch(
      () => store.status,
      (status) => seen.push(status),
      { flush: 'sync' },
    )
    return seen
  }

  it('follows a cold start from anonymous through logging-in to authenticated', async () => {
    const { auth } = createTestWorld()
    const store = defineAuthStore(auth, defineStore)()
    const seen = recordStatus(store)

    await auth.session.ready()
    expect(store.isLoggedIn).toBe(false)
    const user = await store.login()

    expect(seen).toEqual(['anonymous', 'logging-in', 'authenticated'])
    expect(store.isLoggedIn).toBe(true)
    expect(store.user).toEqual(user)
    expect(store.expiresAt).toBe(auth.session.state.expiresAt)
  })

  it('follows a warm start from restoring through the stale-key re-login to authenticated', async () => {
    const { platform } = createTestWorld()
    const earlier = createAuth({ platform, baseURL: 'http://127.0.0.1:3000' })
    await earlier.session.login()
    platform.wechat.expireSessionKey()

    const auth = createAuth({ platform, baseURL: 'http://127.0.0.1:3000' })
    const store = defineAuthStore(auth, defineStore)()
    const seen = recordStatus(store)
    await auth.session.ready()

    expect(seen).toEqual(['restoring', 'logging-in', 'authenticated'])
    expect(store.user?.openid).toBe(platform.wechat.openid)
  })

  it('goes from restoring to anonymous when the user logs out during the restore', async () => {
    const { platform } = createTestWorld()
    await createAuth({ platform, baseURL: 'http://127.0.0.1:3000' }).session.login()

    const auth = createAuth({ platform, baseURL: 'http://127.0.0.1:3000' })
    const store = defineAuthStore(auth, defineStore)()
    const seen = recordStatus(store)
    await store.logout()
    await auth.session.ready()

    expect(seen).toEqual(['restoring', 'anonymous'])
  })

  it('shows the typed error of a failed login and leaves the user anonymous', async () => {
    const { auth, backend } = createTestWorld()
    const store = defineAuthStore(auth, defineStore)()
    await auth.session.ready()
    backend.failNextLogin({ status: 429, error: 'rate_limited', retryAfterSec: 30 })

    await expect(store.login()).rejects.toBeInstanceOf(LoginFailedError)

    expect(store.status).toBe('anonymous')
    expect(store.error).toBeInstanceOf(LoginFailedError)
    expect((store.error as LoginFailedError).reason).toBe('rate_limited')
  })

  it('updates the avatar and the nickname through the account API and mirrors the new user', async () => {
    const { auth, platform } = createTestWorld()
    const store = defineAuthStore(auth, defineStore)()
    await store.login()

    const user = await store.updateProfile({ nickname: '  小明 ', avatarFilePath: 'wxfile://tmp_avatar.png' })

    expect(platform.calls.upload).toBe(1)
    expect(user?.nickname).toBe('小明')
    expect(store.user?.nickname).toBe('小明')
    expect(store.user?.avatarUrl).toMatch(/^http:\/\/fake\.invalid\/uploads\//)
  })

  it('binds the phone and refreshes the user from the backend', async () => {
    const { auth } = createTestWorld()
    const store = defineAuthStore(auth, defineStore)()
    await store.login()

    await store.bindPhone('phone_code_1')
    expect(store.user?.phoneNumber).toBe('13800138000')

    const refreshed = await store.refreshUser()
    expect(refreshed.phoneNumber).toBe('13800138000')
  })

  it('returns to anonymous on logout', async () => {
    const { auth } = createTestWorld()
    const store = defineAuthStore(auth, defineStore)()
    await store.login()

    await store.logout()

    expect(store.status).toBe('anonymous')
    expect(store.user).toBeNull()
    expect(store.isLoggedIn).toBe(false)
  })

  it('stops following the session once the store is disposed', async () => {
    const { auth } = createTestWorld()
    const store = defineAuthStore(auth, defineStore)()
    await auth.session.ready()
    store.$dispose()

    await auth.session.login()

    expect(auth.session.state.status).toBe('authenticated')
    expect(store.status).toBe('anonymous')
  })

  it('keeps two auth instances apart under different store ids', async () => {
    const first = createTestWorld()
    const second = createTestWorld()
    const useFirst = defineAuthStore(first.auth, defineStore, 'first')
    const useSecond = defineAuthStore(second.auth, defineStore, 'second')

    await useFirst().login()
    await second.auth.session.ready()

    expect(useFirst().isLoggedIn).toBe(true)
    expect(useSecond().isLoggedIn).toBe(false)
  })

  it("refuses a missing defineStore with a TypeError that names Pinia's import", () => {
    const { auth } = createTestWorld()
    const call = defineAuthStore as unknown as (auth: unknown) => unknown
    expect(() => call(auth)).toThrow(TypeError)
    expect(() => call(auth)).toThrow("import { defineStore } from 'pinia'")
  })
})

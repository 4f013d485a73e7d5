import { describe, expect, it } from 'vitest'
import { createAuth } from '../../src/createAuth'
import { LoginFailedError } from '../../src/errors'
import { isPlatformError } from '../../src/platform/platformError'
import type { TransportResponse } from '../../src/platform/types'
import { createWeChatWebPlatform, WECHAT_AUTHORIZE_URL } from '../../src/platform/wechatWebPlatform'
import { isWeChatBrowser, type WebRuntime } from '../../src/platform/webRuntime'
import { createFakePlatform, type FakePlatform } from '../../src/testing/fakePlatform'
import { withFakeUniRuntime } from '../../src/testing/fakeUniRuntime'
import { installRequestInterceptor } from '../../src/interceptor/installRequestInterceptor'
import { authorizationOf, callWithCallbacks } from '../interceptor/world'

const APPID = 'wxdemooa00000000'
const APP = 'https://h5.example.com/?from=menu#/pages/login/login?redirect=%2Fpages%2Fprofile%2Fprofile'

/** A browser tab: its address, its session storage (kept across loads of the tab) and where it was sent. */
function fakeTab(href = APP) {
  const session = new Map<string, string>()
  const tab = {
    href,
    session,
    navigations: [] as string[],
    replacements: [] as string[],
    states: ['S1', 'S2', 'S3', 'S4'],
    /** A new page load of the same tab at `url` (session storage survives, in-memory state does not). */
    load(url: string) {
      tab.href = url
    },
  }
  const runtime: WebRuntime = {
    userAgent: () => 'Mozilla/5.0 MicroMessenger/8.0.50',
    href: () => tab.href,
    replaceURL: (url) => {
      tab.replacements.push(url)
      tab.href = url
    },
    navigate: (url) => void tab.navigations.push(url),
    session: {
      get: (key) => session.get(key) ?? null,
      set: (key, value) => void session.set(key, value),
      remove: (key) => void session.delete(key),
    },
    randomState: () => tab.states.shift() ?? 'SX',
  }
  return { tab, runtime }
}

/** What WeChat's authorize page sends the browser back to for `authorizeURL`. */
function returnFrom(authorizeURL: string, code: string | undefined): string {
  const url = new URL(authorizeURL.replace(/#wechat_redirect$/, ''))
  const back = new URL(url.searchParams.get('redirect_uri') ?? '')
  if (code !== undefined) back.searchParams.set('code', code)
  back.searchParams.set('state', url.searchParams.get('state') ?? '')
  return back.href
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

function webBackend(base: FakePlatform, answers: Record<string, { status: number; data: unknown }>) {
  const seen: string[] = []
  base.handler = async (call): Promise<TransportResponse> => {
    const path = new URL(call.url).pathname
    if (path !== '/api/auth/web-login') return { status: 404, headers: {}, data: { error: 'not_found' } }
    const code = ((call as { data?: unknown }).data as { code: string }).code
    seen.push(code)
    const answer = answers[code] ?? { status: 401, data: { error: 'invalid_code', message: 'used' } }
    return { status: answer.status, headers: {}, data: answer.data }
  }
  return seen
}

const SESSION = (token: string) => ({
  status: 200,
  data: { token, expiresAt: Date.now() + 3_600_000, user: { id: 'u_1', openid: 'oa_1', webOpenid: 'oa_1', nickname: '', avatarUrl: '', createdAt: 1 } },
})

describe('createWeChatWebPlatform', () => {
  it('sends login() to the authorize URL with appid, redirect_uri, response_type, scope and state in order, and #wechat_redirect', async () => {
    const { tab, runtime } = fakeTab()
    const platform = createWeChatWebPlatform({ base: createFakePlatform(), appid: APPID, runtime })
    let settled = false
    void platform.login({ interactive: true }).then(
      () => (settled = true),
      () => (settled = true),
    )
    await flush()
    expect(settled).toBe(false)
    const target = tab.navigations[0] ?? ''
    expect(target.startsWith(`${WECHAT_AUTHORIZE_URL}?appid=${APPID}&redirect_uri=`)).toBe(true)
    expect(target.endsWith('#wechat_redirect')).toBe(true)
    const query = new URL(target.replace(/#wechat_redirect$/, '')).searchParams
    expect([...query.keys()]).toEqual(['appid', 'redirect_uri', 'response_type', 'scope', 'state'])
    expect(query.get('redirect_uri')).toBe(APP)
    expect(query.get('response_type')).toBe('code')
    expect(query.get('scope')).toBe('snsapi_base')
    expect(query.get('state')).toBe('S1')
    expect(JSON.parse(tab.session.get('wx-login-state:web-oauth') ?? '')).toEqual({ state: 'S1', scope: 'snsapi_base' })
  })

  it('asks for snsapi_userinfo when the app asks for the profile', async () => {
    const { tab, runtime } = fakeTab()
    const platform = createWeChatWebPlatform({ base: createFakePlatform(), appid: APPID, runtime })
    void platform.getUserProfile('用于完善资料')
    await flush()
    expect(new URL((tab.navigations[0] ?? '').replace(/#wechat_redirect$/, '')).searchParams.get('scope')).toBe('snsapi_userinfo')
  })

  it('on return strips code and state from the address bar before anything else and hands over a web code once', async () => {
    const { tab, runtime } = fakeTab()
    void createWeChatWebPlatform({ base: createFakePlatform(), appid: APPID, runtime }).login({ interactive: true })
    tab.load(returnFrom(tab.navigations[0] ?? '', 'CODE1'))
    const next = createWeChatWebPlatform({ base: createFakePlatform(), appid: APPID, runtime })
    expect(await next.takeRedirectResult?.()).toEqual({ code: 'CODE1', kind: 'web' })
    expect(tab.replacements).toEqual([APP])
    expect(tab.href).toBe(APP)
    // A reload of the cleaned address brings nothing back.
    expect(await createWeChatWebPlatform({ base: createFakePlatform(), appid: APPID, runtime }).takeRedirectResult?.()).toBeNull()
  })

  it('rejects a shared link carrying an old code with web_state_missing, and a forged state with web_state_mismatch', async () => {
    const shared = fakeTab('https://h5.example.com/?code=OLD&state=S9#/pages/index/index')
    const error = await createWeChatWebPlatform({ base: createFakePlatform(), appid: APPID, runtime: shared.runtime })
      .takeRedirectResult?.()
      .catch((e: unknown) => e)
    expect(isPlatformError(error) && error.reason).toBe('web_state_missing')
    expect(shared.tab.href).toBe('https://h5.example.com/#/pages/index/index')

    const { tab, runtime } = fakeTab()
    void createWeChatWebPlatform({ base: createFakePlatform(), appid: APPID, runtime }).login({ interactive: true })
    tab.load(returnFrom(tab.navigations[0] ?? '', 'CODE').replace('state=S1', 'state=EVIL'))
    const wrong = await createWeChatWebPlatform({ base: createFakePlatform(), appid: APPID, runtime }).takeRedirectResult?.().catch((e: unknown) => e)
    expect(isPlatformError(wrong) && wrong.reason).toBe('web_state_mismatch')
  })

  it('reads a return without a code as the user refusing, with kind denied and reason web_auth_denied', async () => {
    const { tab, runtime } = fakeTab()
    void createWeChatWebPlatform({ base: createFakePlatform(), appid: APPID, runtime }).login({ interactive: true })
    tab.load(returnFrom(tab.navigations[0] ?? '', undefined))
    const error = await createWeChatWebPlatform({ base: createFakePlatform(), appid: APPID, runtime }).takeRedirectResult?.().catch((e: unknown) => e)
    expect(isPlatformError(error) && [error.kind, error.reason]).toEqual(['denied', 'web_auth_denied'])
  })

  it('refuses a silent redirect from a page that just came back, but lets the user try again', async () => {
    const { tab, runtime } = fakeTab('https://h5.example.com/?code=OLD&state=S9#/')
    const platform = createWeChatWebPlatform({ base: createFakePlatform(), appid: APPID, runtime })
    await platform.takeRedirectResult?.().catch(() => undefined)
    const blocked = await platform.login({ interactive: false }).catch((e: unknown) => e)
    expect(isPlatformError(blocked) && blocked.reason).toBe('web_redirect_blocked')
    expect(tab.navigations).toHaveLength(0)
    void platform.login({ interactive: true })
    expect(tab.navigations).toHaveLength(1)
  })

  it('uses the configured scope for an explicit login and snsapi_base for a silent repair', async () => {
    const { tab, runtime } = fakeTab()
    const platform = createWeChatWebPlatform({ base: createFakePlatform(), appid: APPID, runtime, scope: 'snsapi_userinfo' })
    void platform.login({ interactive: true })
    void platform.login({ interactive: false })
    const scopes = tab.navigations.map((url) => new URL(url.replace(/#wechat_redirect$/, '')).searchParams.get('scope'))
    expect(scopes).toEqual(['snsapi_userinfo', 'snsapi_base'])
  })

  it('refuses an appid that is not one', () => {
    expect(() => createWeChatWebPlatform({ base: createFakePlatform(), appid: '', runtime: fakeTab().runtime })).toThrow(TypeError)
  })
})

describe('isWeChatBrowser', () => {
  it('tells WeChat\'s browser from other browsers and from WeCom', () => {
    expect(isWeChatBrowser('Mozilla/5.0 (iPhone) AppleWebKit/605 MicroMessenger/8.0.50 NetType/WIFI')).toBe(true)
    expect(isWeChatBrowser('Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile Safari/537.36')).toBe(false)
    expect(isWeChatBrowser('Mozilla/5.0 MicroMessenger/7.0 wxwork/4.1.0')).toBe(false)
  })
})

describe('the session over the WeChat web platform', () => {
  it('completes the login the redirect brought back during ready(), at /api/auth/web-login, with no second redirect', async () => {
    const { tab, runtime } = fakeTab()
    const base = createFakePlatform()
    const seen = webBackend(base, { CODE1: SESSION('t1') })
    const first = createAuth({ platform: createWeChatWebPlatform({ base, appid: APPID, runtime }), baseURL: 'http://127.0.0.1:3000' })
    await first.session.ready()
    void first.session.login()
    await flush()
    expect(tab.navigations).toHaveLength(1)

    tab.load(returnFrom(tab.navigations[0] ?? '', 'CODE1'))
    const second = createAuth({ platform: createWeChatWebPlatform({ base, appid: APPID, runtime }), baseURL: 'http://127.0.0.1:3000' })
    await second.session.ready()
    expect(second.session.state.status).toBe('authenticated')
    expect(second.session.state.user?.webOpenid).toBe('oa_1')
    expect(seen).toEqual(['CODE1'])
    expect(tab.navigations).toHaveLength(1)
  })

  it('ends a reused code in LoginFailedError invalid_code without retrying or redirecting, and a refusal in web_auth_denied', async () => {
    const { tab, runtime } = fakeTab()
    const base = createFakePlatform()
    const seen = webBackend(base, {})
    void createWeChatWebPlatform({ base, appid: APPID, runtime }).login({ interactive: true })
    tab.load(returnFrom(tab.navigations[0] ?? '', 'USED'))
    const auth = createAuth({ platform: createWeChatWebPlatform({ base, appid: APPID, runtime }), baseURL: 'http://127.0.0.1:3000' })
    await auth.session.ready()
    expect(auth.session.state.status).toBe('anonymous')
    expect(auth.session.state.error).toBeInstanceOf(LoginFailedError)
    expect((auth.session.state.error as LoginFailedError).reason).toBe('invalid_code')
    expect(seen).toEqual(['USED'])
    expect(tab.navigations).toHaveLength(1)

    void createWeChatWebPlatform({ base, appid: APPID, runtime }).login({ interactive: true })
    tab.load(returnFrom(tab.navigations[1] ?? '', undefined))
    const refused = createAuth({ platform: createWeChatWebPlatform({ base, appid: APPID, runtime }), baseURL: 'http://127.0.0.1:3000' })
    await refused.session.ready()
    expect((refused.session.state.error as LoginFailedError).reason).toBe('web_auth_denied')
  })

  it("keeps the H5 uni platform's interceptors, so the page's own uni.request calls carry the web login's token", async () => {
    const { tab, runtime } = fakeTab()
    const fake = createFakePlatform()
    webBackend(fake, { CODE1: SESSION('tok_web') })
    const { platform: base, uni } = withFakeUniRuntime(fake)
    void createWeChatWebPlatform({ base, appid: APPID, runtime }).login({ interactive: true })
    tab.load(returnFrom(tab.navigations[0] ?? '', 'CODE1'))
    const platform = createWeChatWebPlatform({ base, appid: APPID, runtime })
    expect(platform.interceptors).toBe(base.interceptors)
    const auth = createAuth({ platform, baseURL: 'http://127.0.0.1:3000' })
    const uninstall = installRequestInterceptor(auth)
    await auth.session.ready()
    await callWithCallbacks(uni, { url: 'http://127.0.0.1:3000/api/me' })
    const login = fake.transportLog.find((call) => call.url.endsWith('/api/auth/web-login'))
    if (login === undefined) throw new Error('the return from WeChat exchanged no code')
    expect(authorizationOf(login)).toBeUndefined()
    expect(authorizationOf(fake.transportLog.at(-1)!)).toBe('Bearer tok_web')
    uninstall()
  })
})

import { describe, expect, it } from 'vitest'
import type { Phone } from './helpers/wx/phone'
import { useMpSuite, type MpLaunch } from './helpers/mpSuite'

const suite = useMpSuite()

/** What a test passes to the app's own `uni.request`. */
interface RequestCall {
  url: string
  auth?: boolean
  success?: (res: { statusCode: number; data: unknown }) => void
  fail?: (err: { errMsg: string }) => void
  complete?: (res: unknown) => void
}

interface AppUni {
  request(options: RequestCall): Promise<{ statusCode: number; data: unknown }> | object
}

/** The app's own `uni` (the one its interceptor is installed on), from the compiled vendor chunk. */
const appUni = (launch: MpLaunch): AppUni => launch.mp.appModule<{ index: AppUni }>('common/vendor.js').index

/** The Authorization header of every `wx.request` the app really made to a URL containing `part`. */
function sentAuthorizations(launch: MpLaunch, part: string): (string | undefined)[] {
  return launch.wx.calls
    .filter((c) => c.api === 'request' && String((c.args as { url?: unknown } | undefined)?.url).includes(part))
    .map((c) => {
      const header = (c.args as { header?: Record<string, string> }).header ?? {}
      const key = Object.keys(header).find((k) => k.toLowerCase() === 'authorization')
      return key === undefined ? undefined : header[key]
    })
}

async function loggedInPhone(): Promise<Phone> {
  const phone = suite.newPhone()
  await suite.logIn(phone)
  return phone
}

async function restoredLaunch(phone: Phone): Promise<MpLaunch> {
  const launch = suite.launch(phone)
  await suite.waitFor('restored', () => launch.ui.text().includes('已登录'))
  return launch
}

describe('the request interceptor in the compiled mini program', () => {
  it('gives the token to the backend only: the card carries it, a public call and another host do not', async () => {
    const phone = await loggedInPhone()
    const launch = await restoredLaunch(phone)
    await suite.server.api.clearProbes()
    const token = suite.storedToken(phone)
    expect(token).toBeDefined()

    launch.ui.tap('#protected-btn')
    await suite.waitFor('the protected data', () => launch.ui.text().includes('昵称：'))
    expect(sentAuthorizations(launch, '/api/me').at(-1)).toBe(`Bearer ${token}`)

    // Another origin (the same loopback server under another host name), and a public backend call.
    const foreign = suite.server.url.replace('127.0.0.1', 'localhost')
    const uni = appUni(launch)
    const answers = await Promise.all([
      uni.request({ url: `${foreign}/api/me?probe=foreign` }),
      uni.request({ url: `${suite.server.url}/api/me?probe=public`, auth: false }),
    ])
    expect(answers.map((a) => (a as { statusCode: number }).statusCode)).toEqual([401, 401])
    expect(sentAuthorizations(launch, 'probe=foreign')).toEqual([undefined])
    expect(sentAuthorizations(launch, 'probe=public')).toEqual([undefined])
    expect(await suite.server.api.probes()).toEqual({
      foreign: { received: 1, withAuthorization: 0 },
      public: { received: 1, withAuthorization: 0 },
    })
    // The one foreign request was sent on purpose; the suite's own check refuses every other one.
    const targets = launch.wx.targets
    targets.splice(0, targets.length, ...targets.filter((t) => !t.url.startsWith(foreign)))
  })

  it('holds the first page’s onLoad request until the restore, which repairs a dropped session with one login', async () => {
    const phone = await loggedInPhone()
    await suite.server.api.dropSessions()
    const before = await suite.stats()

    const launch = suite.launch(phone)
    await suite.waitFor('the card filled on load', () => launch.ui.text().includes('昵称：'))
    await suite.settle(200)
    expect(launch.ui.has('.error-text')).toBe(false)
    expect((await suite.stats()).logins - before.logins).toBe(1)
    const sent = sentAuthorizations(launch, '/api/me')
    expect(sent.length).toBeGreaterThanOrEqual(1)
    expect(sent.length).toBeLessThanOrEqual(2)
    expect(sent.at(-1)).toBe(`Bearer ${suite.storedToken(phone)}`)
  })

  it('answers a burst of 20 plain uni.request calls on an expired session after one login, each sent at most twice', async () => {
    const phone = await loggedInPhone()
    const launch = await restoredLaunch(phone)
    await suite.settle(100)
    await suite.server.api.dropSessions()
    await suite.server.api.clearProbes()
    const before = await suite.stats()

    const uni = appUni(launch)
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => uni.request({ url: `${suite.server.url}/api/me?probe=burst-${i}` }) as Promise<{ statusCode: number }>),
    )
    expect(answers.map((a) => a.statusCode)).toEqual(Array.from({ length: 20 }, () => 200))
    expect((await suite.stats()).logins - before.logins).toBe(1)
    expect(launch.wx.calls.filter((c) => c.api === 'login')).toHaveLength(1)
    const probes = await suite.server.api.probes()
    for (let i = 0; i < 20; i++) {
      const count = probes[`burst-${i}`]
      expect(count?.received, `burst-${i}`).toBeGreaterThanOrEqual(1)
      expect(count?.received, `burst-${i}`).toBeLessThanOrEqual(2)
    }
  })

  it('calls success and complete exactly once in callback style, after a re-login', async () => {
    const phone = await loggedInPhone()
    const launch = await restoredLaunch(phone)
    await suite.server.api.dropSessions()
    const before = await suite.stats()

    const seen: string[] = []
    let answer: { statusCode: number; data: unknown } | undefined
    const returned = appUni(launch).request({
      url: `${suite.server.url}/api/me?probe=callback`,
      success: (res) => {
        seen.push('success')
        answer = res
      },
      fail: () => seen.push('fail'),
      complete: () => seen.push('complete'),
    })
    expect(returned).toBeTypeOf('object')
    expect(typeof (returned as { abort?: unknown }).abort).toBe('function')
    await suite.waitFor('the callbacks', () => seen.includes('complete'))
    await suite.settle(200)
    expect(seen).toEqual(['success', 'complete'])
    expect(answer?.statusCode).toBe(200)
    expect((answer?.data as { user?: { id?: unknown } }).user?.id).toBeTypeOf('string')
    expect((await suite.stats()).logins - before.logins).toBe(1)
  })

  it('refuses a second install on the app’s runtime with a clear error', async () => {
    const phone = await loggedInPhone()
    const launch = await restoredLaunch(phone)
    const { installRequestInterceptor } = launch.mp.appModule<{ installRequestInterceptor: (auth: unknown) => () => void }>(
      'packages/wx-login-state/src/interceptor/installRequestInterceptor.js',
    )
    const { auth } = launch.mp.appModule<{ auth: unknown }>('src/app/auth.js')
    expect(() => installRequestInterceptor(auth)).toThrow(/already has this library's interceptor/)
  })

  it('lets requests out without the token once uninstalled, and adds it again after a new install', async () => {
    const phone = await loggedInPhone()
    const launch = await restoredLaunch(phone)
    await suite.server.api.clearProbes()
    // A second manager of the library on the app's own runtime, for a backend under another host
    // name, so that the app's own interceptor (which owns 127.0.0.1) does not touch its requests.
    const other = suite.server.url.replace('127.0.0.1', 'localhost')
    const uni = appUni(launch)
    const lib = (file: string) => launch.mp.appModule<Record<string, (...args: unknown[]) => unknown>>(`packages/wx-login-state/src/${file}`)
    const platform = lib('platform/uniPlatform.js').createUniPlatform?.({ kind: 'mp-weixin', uni })
    const auth = lib('createAuth.js').createAuth?.({ platform, baseURL: other, storageKey: 'mp-test:second-session' }) as { session: { login(): Promise<unknown> } }
    await auth.session.login()
    const install = (): (() => void) => lib('interceptor/installRequestInterceptor.js').installRequestInterceptor?.(auth) as () => void

    let uninstall = install()
    const on = (await uni.request({ url: `${other}/api/me?probe=installed` })) as { statusCode: number }
    uninstall()
    const off = (await uni.request({ url: `${other}/api/me?probe=uninstalled` })) as { statusCode: number }
    uninstall = install()
    const again = (await uni.request({ url: `${other}/api/me?probe=reinstalled` })) as { statusCode: number }
    uninstall()

    expect([on.statusCode, off.statusCode, again.statusCode]).toEqual([200, 401, 200])
    expect(sentAuthorizations(launch, 'probe=uninstalled')).toEqual([undefined])
    expect(await suite.server.api.probes()).toEqual({
      installed: { received: 1, withAuthorization: 1 },
      uninstalled: { received: 1, withAuthorization: 0 },
      reinstalled: { received: 1, withAuthorization: 1 },
    })
    const targets = launch.wx.targets
    targets.splice(0, targets.length, ...targets.filter((t) => !t.url.startsWith(other)))
  })
})

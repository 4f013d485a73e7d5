import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import type { DevStats } from '../../e2e/helpers/devApi'
import { launchMiniProgram, type LaunchedMiniProgram } from './launchMiniProgram'
import { createDriver, type MiniProgramDriver } from './miniProgramDriver'
import { mpEnv } from './mpEnv'
import { startMpServer, type MpServer } from './mpServer'
import { stageBuild } from './stageBuild'
import { createPhone, type Phone } from './wx/phone'
import type { TestWx } from './wx/createTestWx'

/** One launch of the app: the runtime, the user's view of it and the `wx` it called. */
export interface MpLaunch {
  mp: LaunchedMiniProgram
  ui: MiniProgramDriver
  wx: TestWx
}

/** The storage key of the library's session (packages/wx-login-state/src/session/tokenStorage.ts). */
export const SESSION_KEY = 'wx-login-state:session'

/** Sources that never leave the phone: inline images and WeChat's local files. */
const LOCAL_SOURCE = /^(data:|wxfile:\/\/|\/)/

/**
 * The mini-program suite's fixture for one spec file: the test build staged once, the reference
 * server started on the build's port, fresh phones, launches, and the checks that hold after every
 * test: no `wx` API called that the test `wx` lacks, no misuse it noticed (privacy, modals), and no
 * request, upload, download, preload or image on any host but the backend.
 */
export function useMpSuite() {
  let server: MpServer | undefined
  let staged: ReturnType<typeof stageBuild> | undefined
  const phones: Phone[] = []
  let launches: MpLaunch[] = []
  // Every launch of the file, checked again at the end: uni's runtime may act seconds after launch.
  const everyLaunch: MpLaunch[] = []
  let current: MpLaunch | undefined

  beforeAll(async () => {
    const env = mpEnv()
    staged = stageBuild(env.outDir)
    server = await startMpServer(env.serverPort)
  })

  afterEach(() => {
    current?.mp.close()
    current = undefined
    const checked = launches
    launches = []
    for (const { wx, ui } of checked) {
      expect(wx.unimplemented, 'wx APIs the app called that the test wx does not implement').toEqual([])
      expect(wx.problems, 'WeChat rules the app broke').toEqual([])
      expect(foreignTargets(wx, ui), 'requests to hosts other than the backend').toEqual([])
    }
  })

  afterAll(async () => {
    current?.mp.close()
    try {
      const late = everyLaunch.flatMap(({ wx, ui }) => [...wx.unimplemented, ...foreignTargets(wx, ui)])
      expect(late, 'wx calls or foreign requests made after their test ended').toEqual([])
    } finally {
      // Freed whatever the check found: the next spec file listens on the same port.
      await server?.close()
      staged?.remove()
      for (const phone of phones) phone.dispose()
    }
  })

  function backend(): MpServer {
    if (!server) throw new Error('[mp] the suite has not started yet')
    return server
  }

  function foreignTargets(wx: TestWx, ui: MiniProgramDriver): string[] {
    const origin = backend().url
    const out = wx.targets.filter((t) => !t.url.startsWith(origin + '/')).map((t) => `${t.kind} ${t.url}`)
    for (const src of ui.seenImages) if (!LOCAL_SOURCE.test(src) && !src.startsWith(origin + '/')) out.push(`image ${src}`)
    return out
  }

  /** Launches the app on `phone` (closing the one running), entering at `entry` (`pages/x/x?query`). */
  function launchApp(phone: Phone, entry?: string): MpLaunch {
    current?.mp.close()
    if (!staged) throw new Error('[mp] the suite has not started yet')
    const emulator = backend().app.wxEmulator
    const mp = launchMiniProgram({ appDir: staged.appDir, phone, emulator, ...(entry === undefined ? {} : { entry }) })
    const launch: MpLaunch = { mp, ui: createDriver(mp, phone, emulator), wx: mp.wx }
    launches.push(launch)
    everyLaunch.push(launch)
    current = launch
    return launch
  }

  /** Polls `check` every 10 ms until it holds (bounded), then returns; fails with `what` otherwise. */
  async function waitFor(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
    const until = Date.now() + timeoutMs
    for (;;) {
      let ok = false
      try {
        ok = check()
      } catch {
        ok = false
      }
      if (ok) return
      if (Date.now() > until) throw new Error(`[mp] timed out waiting for: ${what}\nscreen: ${current?.ui.text() ?? '(nothing)'}`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }

  return {
    get server(): MpServer {
      return backend()
    },
    /** A phone with empty storage whose WeChat user the emulator creates on the first wx.login. */
    newPhone(options: { phoneNumber?: string } = {}): Phone {
      const phone = createPhone(options)
      phones.push(phone)
      return phone
    },
    launch: launchApp,
    /**
     * Launches on the login page and logs in as a user would (ticks the agreement, taps the button),
     * then waits for the home page to say 已登录. Returns the launch, still running.
     */
    async logIn(phone: Phone): Promise<MpLaunch> {
      const launch = launchApp(phone, 'pages/login/login')
      launch.ui.tap('#agree-checkbox')
      launch.ui.tap('#login-btn')
      await waitFor('logged in', () => launch.ui.route() === 'pages/index/index' && launch.ui.text().includes('已登录'))
      return launch
    },
    stats: (): Promise<DevStats> => backend().api.stats(),
    waitFor,
    /** Lets every pending callback and timer of the app run (no fixed sleep is asserted on). */
    settle: (ms = 50): Promise<void> => new Promise((r) => setTimeout(r, ms)),
    /** The session token stored on `phone`, or undefined. */
    storedToken(phone: Phone): string | undefined {
      const raw = phone.storage.get(SESSION_KEY)
      if (raw === undefined) return undefined
      const found = JSON.stringify(JSON.parse(raw)).match(/"token":"([^"]+)"/)
      return found?.[1]
    },
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page, Response } from 'playwright-core'
import { ROUTES, openFresh, waitForRoute, waitForStatus } from './helpers/appPage'
import { e2eEnv } from './helpers/e2eEnv'
import { useE2eSuite } from './helpers/e2eSuite'
import { readStoredToken, SESSION_STORAGE_KEY } from './helpers/storedSession'
import { startThirdPartyServer, type ThirdPartyServer } from './helpers/thirdPartyServer'

/** One plain `uni.request` fired inside the page, and how it ended. */
interface PageCall {
  url: string
  style: 'callback' | 'promise'
  auth?: false
}
interface PageOutcome {
  statusCode: number | null
  errMsg: string | null
  /** Callback style: how often each callback ran. */
  success: number
  fail: number
  complete: number
}

/**
 * Fires `calls` at once inside the page as plain `uni.request` calls of the real uni-h5 runtime, through
 * the emulator build's development hook (`__demoRequests`, see src/app/auth.ts), and waits for all of
 * them. Callback-style calls settle on `complete` plus a short grace period, so a second, stray callback
 * would still be counted.
 */
function fireRequests(page: Page, calls: PageCall[]): Promise<PageOutcome[]> {
  return page.evaluate(async (list) => {
    interface Hook {
      request(options: Record<string, unknown>): unknown
    }
    const hook = (globalThis as { __demoRequests?: Hook }).__demoRequests
    if (hook === undefined) throw new Error('this build has no __demoRequests hook (build it with VITE_LOGIN_ADAPTER=emulator)')
    const one = (call: (typeof list)[number]): Promise<PageOutcome> => {
      const base = { url: call.url, ...(call.auth === false ? { auth: false } : {}) }
      if (call.style === 'promise') {
        return (hook.request(base) as Promise<{ statusCode: number }>).then(
          (res) => ({ statusCode: res.statusCode, errMsg: null, success: 0, fail: 0, complete: 0 }),
          (err: { errMsg?: string }) => ({ statusCode: null, errMsg: String(err?.errMsg), success: 0, fail: 0, complete: 0 }),
        )
      }
      return new Promise((resolve) => {
        const out: PageOutcome = { statusCode: null, errMsg: null, success: 0, fail: 0, complete: 0 }
        hook.request({
          ...base,
          success: (res: { statusCode: number }) => {
            out.success += 1
            out.statusCode = res.statusCode
          },
          fail: (err: { errMsg: string }) => {
            out.fail += 1
            out.errMsg = err.errMsg
          },
          complete: () => {
            out.complete += 1
            setTimeout(() => resolve(out), 300)
          },
        })
      })
    }
    return Promise.all(list.map(one))
  }, calls)
}

/** Calls a method of the development hook (`uninstall` / `install`) inside the page. */
function interceptorHook(page: Page, method: 'uninstall' | 'install'): Promise<void> {
  return page.evaluate((name) => {
    const hook = (globalThis as { __demoRequests?: Record<string, () => void> }).__demoRequests
    hook?.[name]?.()
  }, method)
}

/** Marks the stored session as expired (its `expiresAt` in the past), wherever uni's storage wrapper put it. */
async function expireStoredSession(page: Page): Promise<void> {
  await page.evaluate((key) => {
    const expire = (value: unknown): unknown => {
      if (typeof value === 'string' && value.startsWith('{')) return JSON.stringify(expire(JSON.parse(value)))
      if (typeof value !== 'object' || value === null) return value
      const record = value as Record<string, unknown>
      if (typeof record.expiresAt === 'number') return { ...record, expiresAt: Date.now() - 60_000 }
      return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, expire(v)]))
    }
    const raw = localStorage.getItem(key)
    if (raw === null) throw new Error('no stored session to expire')
    localStorage.setItem(key, JSON.stringify(expire(JSON.parse(raw))))
  }, SESSION_STORAGE_KEY)
}

describe.skipIf(e2eEnv().skipReason !== null)('plain uni.request through the request interceptor, in the real uni-h5 runtime', () => {
  const suite = useE2eSuite(40)
  let page: Page
  let thirdParty: ThirdPartyServer
  const api = (path: string) => `${suite.server.url}${path}`

  beforeAll(async () => {
    thirdParty = await startThirdPartyServer()
    page = await suite.newPage()
    await page.goto(`${suite.env.appURL}/#${ROUTES.login}`)
    await waitForRoute(page, ROUTES.login)
    await page.click('#agree-checkbox')
    await page.click('#login-btn')
    await page.waitForFunction((key) => (localStorage.getItem(key) ?? '') !== '', SESSION_STORAGE_KEY)
    await openFresh(page, suite.env.appURL, ROUTES.home)
    await waitForStatus(page, '已登录')
  })

  afterAll(async () => {
    await thirdParty?.close()
  })

  it('sends the token to the backend only: a third-party loopback host and an auth: false call get no Authorization', async () => {
    await suite.api.clearProbes()
    const [owned, publicCall, foreign] = await fireRequests(page, [
      { url: api('/api/me?probe=owned'), style: 'promise' },
      { url: api('/api/me?probe=public'), style: 'promise', auth: false },
      { url: `${thirdParty.url}/feed?probe=foreign`, style: 'callback' },
    ])

    expect(owned?.statusCode).toBe(200)
    // A public call really goes out bare: the backend answers it 401, and nothing re-logs in for it.
    expect(publicCall?.statusCode).toBe(401)
    expect(foreign).toMatchObject({ statusCode: 200, success: 1, fail: 0, complete: 1 })
    expect(await suite.api.probes()).toEqual({
      owned: { received: 1, withAuthorization: 1 },
      public: { received: 1, withAuthorization: 0 },
    })
    const hits = thirdParty.hits.filter((h) => h.path.includes('probe=foreign'))
    expect(hits.length).toBeGreaterThan(0)
    expect(hits.every((h) => h.authorization === undefined && !h.announcedHeaders.includes('authorization'))).toBe(true)
  })

  it('holds the first page’s onLoad request until the launch restore has a usable token, and sends it once, with it', async () => {
    // The stored session is out of date, so the restore must log in again before any call may go out.
    await expireStoredSession(page)
    const before = await suite.api.stats()
    const seen: Array<{ authorization: string | undefined; status: number }> = []
    const listener = (response: Response) => {
      const request = response.request()
      if (request.method() === 'GET' && request.url() === api('/api/me')) {
        seen.push({ authorization: request.headers().authorization, status: response.status() })
      }
    }
    page.on('response', listener)
    try {
      await openFresh(page, suite.env.appURL, ROUTES.home)
      await page.locator('.protected-result').waitFor()
    } finally {
      page.off('response', listener)
    }

    const token = await readStoredToken(page)
    expect((await suite.api.stats()).logins).toBe(before.logins + 1)
    // openFresh loads twice (goto, reload); the last load's call is the one that filled the card. None was
    // ever sent with the out-of-date token, so the server never answered 401.
    expect(seen.at(-1)).toEqual({ authorization: `Bearer ${token}`, status: 200 })
    expect(seen.filter((s) => s.status === 401)).toEqual([])
    await suite.shots.take(page, 'home-onload-after-restore')
  })

  it('re-logs in once for a burst of 20 plain uni.request calls on an expired session: 20 answers, each sent at most twice', async () => {
    await suite.api.dropSessions()
    await suite.api.clearProbes()
    const before = await suite.api.stats()

    const calls: PageCall[] = Array.from({ length: 20 }, (_, i) => ({
      url: api(`/api/me?probe=burst-${i}`),
      style: i % 2 === 0 ? 'callback' : 'promise',
    }))
    const outcomes = await fireRequests(page, calls)

    expect(outcomes.map((o) => o.statusCode)).toEqual(Array.from({ length: 20 }, () => 200))
    // Callback style: success and complete exactly once each, never fail.
    for (const o of outcomes.filter((_, i) => i % 2 === 0)) expect(o).toMatchObject({ success: 1, fail: 0, complete: 1 })
    const after = await suite.api.stats()
    expect(after.logins - before.logins).toBe(1)
    expect(after.code2SessionCalls - before.code2SessionCalls).toBe(1)
    const probes = await suite.api.probes()
    for (let i = 0; i < 20; i++) {
      const count = probes[`burst-${i}`]
      expect(count?.received, `burst-${i}`).toBeGreaterThanOrEqual(1)
      expect(count?.received, `burst-${i}`).toBeLessThanOrEqual(2)
      expect(count?.withAuthorization, `burst-${i}`).toBe(count?.received)
    }
    await waitForStatus(page, '已登录')
  })

  it('after uninstall the app’s calls go out untouched; installing again brings the session back', async () => {
    await suite.api.clearProbes()
    await interceptorHook(page, 'uninstall')
    const [bare] = await fireRequests(page, [{ url: api('/api/me?probe=uninstalled'), style: 'callback' }])
    await interceptorHook(page, 'install')
    const [again] = await fireRequests(page, [{ url: api('/api/me?probe=reinstalled'), style: 'promise' }])

    // Uninstalled: no token, so the backend answers 401 and the app's success callback sees it, once.
    expect(bare).toMatchObject({ statusCode: 401, success: 1, fail: 0, complete: 1 })
    expect(again?.statusCode).toBe(200)
    expect(await suite.api.probes()).toEqual({
      uninstalled: { received: 1, withAuthorization: 0 },
      reinstalled: { received: 1, withAuthorization: 1 },
    })
  })
})

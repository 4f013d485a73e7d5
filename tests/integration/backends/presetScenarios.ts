/**
 * The proof every backend description must pass against its test backend (testkit/backends), through
 * the four ways an app sends requests: `auth.http`, `uni.request` with the interceptor, and
 * luch-request and alova with their adapters. One function per preset file calls {@link describeBackendScenarios}.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import Request from 'luch-request'
import { createAlova } from 'alova'
import { uniappRequestAdapter } from '@alova/adapter-uniapp'
import {
  createAuth,
  InvalidResponseError,
  installRequestInterceptor,
  LoginFailedError,
  type Auth,
  type BackendDescription,
  type User,
} from 'wx-login-state'
import { installLuchRequestAuth } from 'wx-login-state/luch-request'
import { createTokenAuthentication } from 'wx-login-state/alova'
import { withFakeUniRuntime, type FakeUni } from 'wx-login-state/testing'
import { createNodePlatform, type NodePlatform } from '../../../testkit/nodePlatform'
import type { TestBackend } from '../../../testkit/backends/backendKit'
import { startWeChatEmulator, type RunningEmulator } from '../../../testkit/backends/wechatEmulator'

/** What a preset's test file gives. */
export interface BackendScenarioConfig {
  name: string
  description: BackendDescription
  start(emulator: RunningEmulator, now: () => number): Promise<TestBackend & { expireRefreshTokens?(): void }>
  /** A protected business call where the backend reads the token. */
  businessPath: string
  /** Whether a 2xx answer body is a success of the business call (not an "expired" or other refusal). */
  isSuccess(status: number, data: unknown): boolean
  /** How long after login the client must consider the token expiring (the backend's lifetime). */
  lifetimeMs: number
  /** Whether the backend repairs with a refresh (then a burst costs 1 refresh and no wx.login). */
  refresh: boolean
  /** A malformed login answer and the InvalidResponseError message it must give. */
  malformed: { body: unknown; message: string }
  /** Checks the user of a fresh login (`null` for a backend without users). */
  expectUser(user: User | null): void
}

type Way = 'auth.http' | 'uni.request + interceptor' | 'luch-request + adapter' | 'alova + adapter'
const WAYS: Way[] = ['auth.http', 'uni.request + interceptor', 'luch-request + adapter', 'alova + adapter']
const LEEWAY_MS = 60_000

/** Declares the scenarios of one backend; see the module comment. */
export function describeBackendScenarios(config: BackendScenarioConfig): void {
  describe(`the ${config.name} description against its test backend`, () => {
    let emulator: RunningEmulator
    let backend: TestBackend & { expireRefreshTokens?(): void }
    let clock = Date.now()
    const now = () => clock
    const cleanups: Array<() => void> = []
    const rule = config.description.user
    const fetchesUser = rule !== 'none' && rule.fetch !== undefined

    beforeAll(async () => {
      emulator = await startWeChatEmulator()
      backend = await config.start(emulator, now)
    })
    afterAll(async () => {
      await backend?.close()
      await emulator?.close()
    })
    afterEach(() => {
      for (const clean of cleanups.splice(0)) clean()
      clock = Date.now()
    })

    /** A fresh device: a Node platform on the shared clock, its uni runtime, and an instance over the description. */
    function device(way: Way = 'auth.http') {
      const node: NodePlatform = createNodePlatform({ emulatorURL: emulator.url })
      ;(node as { now: () => number }).now = now
      const runtime = withFakeUniRuntime(node)
      const auth = createAuth({ platform: runtime.platform, baseURL: backend.url, autoLogin: 'always', backend: config.description }) as Auth<User | null>
      const globals = globalThis as { uni?: FakeUni }
      const before = globals.uni
      globals.uni = runtime.uni
      cleanups.push(() => {
        globals.uni = before
      })
      let call: () => Promise<{ status: number; data: unknown }>
      if (way === 'auth.http') {
        call = async () => ({ status: 200, data: await auth.http.request({ url: config.businessPath }) })
      } else if (way === 'uni.request + interceptor') {
        cleanups.push(installRequestInterceptor(auth))
        call = async () => {
          const res = (await runtime.uni.request({ url: `${backend.url}${config.businessPath}` })) as { statusCode: number; data: unknown }
          return { status: res.statusCode, data: res.data }
        }
      } else if (way === 'alova + adapter') {
        const { onAuthRequired, onResponseRefreshToken } = createTokenAuthentication(auth)
        const alova = createAlova({
          baseURL: backend.url,
          requestAdapter: uniappRequestAdapter,
          cacheFor: null,
          shareRequest: false,
          beforeRequest: onAuthRequired(),
          responded: onResponseRefreshToken((response: { statusCode: number; data: unknown }) => response),
        })
        call = async () => {
          const res = (await alova.Get(config.businessPath).send()) as { statusCode: number; data: unknown }
          return { status: res.statusCode, data: res.data }
        }
      } else {
        const http = new Request({ baseURL: backend.url })
        installLuchRequestAuth(http, auth)
        call = async () => {
          const res = (await http.get(config.businessPath)) as { statusCode: number; data: unknown }
          return { status: res.statusCode, data: res.data }
        }
      }
      const business = async () => {
        const { status, data } = await call()
        if (!config.isSuccess(status, data)) throw new Error(`${config.businessPath} failed: HTTP ${status} ${JSON.stringify(data)}`)
        return data
      }
      return { auth, node, business }
    }

    const snapshot = () => ({ ...backend.counts })
    const delta = (before: ReturnType<typeof snapshot>) => {
      const out = {} as Record<keyof typeof before, number>
      for (const key of Object.keys(before) as Array<keyof typeof before>) out[key] = backend.counts[key] - before[key]
      return out
    }

    it('logs in with one wx.login code, one code2Session call and one login call', async () => {
      const { auth, node } = device()
      await auth.session.ready()
      const before = snapshot()
      const wxBefore = await emulator.code2SessionCalls()
      const user = await auth.session.login()
      expect(node.counts.login).toBe(1)
      expect(await emulator.code2SessionCalls()).toBe(wxBefore + 1)
      expect(delta(before)).toMatchObject({ loginCalls: 1, logins: 1 })
      expect(auth.session.state.status).toBe('authenticated')
      config.expectUser(user)
      expect(auth.session.state.user).toEqual(user)
    })

    it('logs out with the backend\'s logout call and the token on it', async () => {
      const { auth } = device()
      await auth.session.login()
      const before = snapshot()
      await auth.session.logout()
      expect(delta(before).logouts).toBe(1)
      expect(auth.session.state.status).toBe('anonymous')
    })

    it('rejects a malformed login answer with invalid_response naming the field, and leaves the stored session untouched', async () => {
      const { auth, node } = device()
      const first = await auth.session.login()
      const stored = structuredClone(node.storage.get('wx-login-state:session'))
      backend.breakNextLogin(config.malformed.body)
      const error = await auth.session.login().then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(LoginFailedError)
      expect((error as LoginFailedError).reason).toBe('invalid_response')
      const cause = (error as LoginFailedError).cause
      expect(cause).toBeInstanceOf(InvalidResponseError)
      expect((cause as InvalidResponseError).message).toContain(config.malformed.message)
      expect(node.storage.get('wx-login-state:session')).toEqual(stored)
      expect(auth.session.state.user).toEqual(first)
      expect(auth.session.state.status).toBe('authenticated')
    })

    for (const way of WAYS) {
      describe(`through ${way}`, () => {
        it('sends the token on every request where the backend reads it', async () => {
          const { auth, business } = device(way)
          await auth.session.login()
          const before = snapshot()
          for (let i = 0; i < 3; i++) await business()
          expect(delta(before)).toMatchObject({ authorized: 3, refused: 0 })
        })

        it('repairs the session before sending once its expiry field says it is expiring', async () => {
          const { auth, node, business } = device(way)
          await auth.session.login()
          await business()
          const before = snapshot()
          const logins = node.counts.login
          clock += config.lifetimeMs - LEEWAY_MS + 1_000
          await business()
          const d = delta(before)
          // The expired token never went out: nothing was refused, and the one repair ran first.
          expect(d.refused).toBe(0)
          // The business call, plus the re-login's "me" call when the description fetches the user.
          expect(d.authorized).toBe(1 + (fetchesUser && !config.refresh ? 1 : 0))
          expect(d.logins + d.refreshes).toBe(1)
          expect(node.counts.login - logins).toBe(config.refresh ? 0 : 1)
        })

        it(`gives a burst of 20 requests after the backend forgot the session exactly 1 ${config.refresh ? 'refresh' : 'login'} and 20 successes`, async () => {
          const { auth, node, business } = device(way)
          await auth.session.login()
          backend.forget()
          const before = snapshot()
          const logins = node.counts.login
          const results = await Promise.allSettled(Array.from({ length: 20 }, () => business()))
          expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20)
          const d = delta(before)
          expect(config.refresh ? { refreshes: d.refreshes, logins: d.logins } : { refreshes: 0, logins: d.logins }).toEqual(
            config.refresh ? { refreshes: 1, logins: 0 } : { refreshes: 0, logins: 1 },
          )
          expect(d.refreshCalls).toBe(config.refresh ? 1 : 0)
          expect(node.counts.login - logins).toBe(config.refresh ? 0 : 1)
        })

        if (config.refresh) {
          it('falls back to exactly 1 wx.login when the refresh fails, and never refreshes in a loop', async () => {
            const { auth, node, business } = device(way)
            await auth.session.login()
            backend.forget()
            // Where the backend can, its refresh answers "expired" (yudao's 401): that too must fall through to a login.
            if (backend.expireRefreshTokens) backend.expireRefreshTokens()
            else backend.forget({ refreshTokens: true })
            const before = snapshot()
            const logins = node.counts.login
            const results = await Promise.allSettled(Array.from({ length: 5 }, () => business()))
            expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5)
            const d = delta(before)
            expect({ refreshCalls: d.refreshCalls, refreshes: d.refreshes, logins: d.logins }).toEqual({ refreshCalls: 1, refreshes: 0, logins: 1 })
            expect(node.counts.login - logins).toBe(1)
          })
        }
      })
    }
  })
}

/**
 * A `Platform` for Node that talks to a real server over HTTP, for integration tests and benchmarks that
 * run the real client library against the reference server and its WeChat emulator.
 *
 * - `request` / `uploadFile` go through the global `fetch` on loopback, with the same result and error
 *   contract as the uni adapter (body parsed when it is JSON, raw string otherwise; failures as `PlatformError`).
 * - `login()` stands in for `wx.login` by asking the emulator for a code for one test user, so every re-login
 *   is the same WeChat user, as on a phone.
 * - Storage is the fake's sync storage; privacy and router are inert.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { PlatformError } from 'wx-login-state/platform'
import type {
  Platform,
  TransportRequest,
  TransportResponse,
  TransportUpload,
  CancelSignal,
} from 'wx-login-state/platform'
import { createFakeStorage, type FakeStorage } from 'wx-login-state/testing'

export interface NodePlatformOptions {
  /** Where `/__emulator/login-code` lives (the reference server with the emulator mounted). */
  emulatorURL: string
  /** The test user's openid; a new user is created on first login when absent. */
  openid?: string
  storage?: FakeStorage
}

export interface NodePlatform extends Platform {
  readonly storage: FakeStorage
  /** The test user's openid once known. */
  readonly openid: string | undefined
  /** Counts, for assertions and bench tables. */
  readonly counts: { login: number; request: number; upload: number }
}

/** Creates a {@link NodePlatform}; see the module comment. */
export function createNodePlatform(options: NodePlatformOptions): NodePlatform {
  const storage = options.storage ?? createFakeStorage()
  let openid = options.openid
  const counts = { login: 0, request: 0, upload: 0 }

  async function send(url: string, init: RequestInit, timeoutMs: number, cancel?: CancelSignal): Promise<TransportResponse> {
    if (cancel?.cancelled) throw new PlatformError('aborted', 'request:fail abort')
    const controller = new AbortController()
    let reason: 'timeout' | 'aborted' | undefined
    const timer = setTimeout(() => {
      reason = 'timeout'
      controller.abort()
    }, timeoutMs)
    const off = cancel?.onCancel(() => {
      reason = 'aborted'
      controller.abort()
    })
    try {
      const res = await fetch(url, { ...init, signal: controller.signal })
      const text = await res.text()
      const headers: Record<string, string> = {}
      res.headers.forEach((value, key) => {
        headers[key.toLowerCase()] = value
      })
      return { status: res.status, headers, data: parseBody(text) }
    } catch (error) {
      if (reason === 'timeout') throw new PlatformError('timeout', 'request:fail timeout', { cause: error })
      if (reason === 'aborted') throw new PlatformError('aborted', 'request:fail abort', { cause: error })
      throw new PlatformError('network', `request:fail ${error instanceof Error ? error.message : String(error)}`, { cause: error })
    } finally {
      clearTimeout(timer)
      off?.()
    }
  }

  const platform: NodePlatform = {
    kind: 'mp-weixin',
    storage,
    counts,
    get openid() {
      return openid
    },
    async login() {
      counts.login++
      const res = await send(
        `${options.emulatorURL}/__emulator/login-code`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(openid ? { openid } : {}) },
        5000,
      )
      const data = res.data as { code?: unknown; openid?: unknown } | null
      if (res.status !== 200 || typeof data?.code !== 'string' || typeof data.openid !== 'string') {
        throw new PlatformError('failed', `login:fail emulator answered ${res.status}`)
      }
      openid = data.openid
      return { code: data.code }
    },
    // NOTE: the emulator's session_key check is server-side (wxa/checksession); a device has no say.
    checkSession: async () => true,
    async request(req: TransportRequest) {
      counts.request++
      const headers = { ...req.headers }
      let body: string | undefined
      if (req.data !== undefined && req.method !== 'GET' && req.method !== 'HEAD') {
        body = typeof req.data === 'string' ? req.data : JSON.stringify(req.data)
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json'
      }
      return send(req.url, { method: req.method, headers, ...(body === undefined ? {} : { body }) }, req.timeoutMs, req.cancel)
    },
    async uploadFile(req: TransportUpload) {
      counts.upload++
      const form = new FormData()
      for (const [k, v] of Object.entries(req.formData ?? {})) form.append(k, v)
      const bytes = await readFile(req.filePath).catch((error: unknown) => {
        throw new PlatformError('failed', `uploadFile:fail file not found ${req.filePath}`, { cause: error })
      })
      form.append(req.name, new Blob([bytes]), path.basename(req.filePath))
      return send(req.url, { method: 'POST', headers: { ...req.headers }, body: form }, req.timeoutMs, req.cancel)
    },
    getUserProfile: () => Promise.reject(new PlatformError('unsupported', 'getUserProfile:fail not supported in Node')),
    now: () => Date.now(),
    privacy: {
      supported: false,
      getSetting: async () => ({ needAuthorization: false, privacyContractName: '' }),
      onNeedAuthorization: () => undefined,
      openContract: async () => undefined,
    },
    router: {
      addInterceptor: () => undefined,
      removeInterceptor: () => undefined,
      navigate: async () => undefined,
      navigateBack: async () => undefined,
      currentPages: () => [],
    },
  }
  return platform
}

function parseBody(text: string): unknown {
  if (text === '') return ''
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

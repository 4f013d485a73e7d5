import type { Platform, PlatformKind, TransportRequest, TransportResponse, TransportUpload, UserProfileResult } from '../platform/types'
import { PlatformError, type PlatformErrorKind } from '../platform/platformError'
import { createFakeClock, type FakeClock } from './fakeClock'
import { createFakeStorage, type FakeStorage } from './fakeStorage'
import { createFakeWeChat, type FakeWeChat } from './fakeWeChat'
import { createFakeRouter, type FakeRouter } from './fakeRouter'
import { createFakePrivacy, type FakePrivacy } from './fakePrivacy'

/** A request as the fake transport's handler sees it: the transport call plus which API made it. */
export type FakeTransportCall = ({ kind: 'request' } & TransportRequest) | ({ kind: 'upload' } & TransportUpload)

/** Answers the fake transport's calls; may return a promise that never settles to model a hang. */
export type FakeTransportHandler = (call: FakeTransportCall) => TransportResponse | Promise<TransportResponse>

/** Options of {@link createFakePlatform}. */
export interface FakePlatformOptions {
  clock?: FakeClock
  /** The WeChat user on this device. */
  openid?: string
  unionid?: string
  /** Answers `request`/`uploadFile`; defaults to `404 { error: 'not_found' }`. */
  handler?: FakeTransportHandler
  /** What `getUserProfile` resolves with; defaults to WeChat's anonymous answer. */
  profile?: UserProfileResult
  privacy?: { supported?: boolean; needAuthorization?: boolean }
  /** The platform it stands in for; default `'mp-weixin'`. */
  kind?: PlatformKind
}

/**
 * A `Platform` in memory plus the controls tests need: the clock, the storage, WeChat's rules, a
 * pluggable transport, call counters and failure injection.
 */
export interface FakePlatform extends Platform {
  readonly clock: FakeClock
  readonly storage: FakeStorage
  readonly wechat: FakeWeChat
  readonly router: FakeRouter
  readonly privacy: FakePrivacy
  handler: FakeTransportHandler
  readonly calls: { login: number; checkSession: number; request: number; upload: number; getUserProfile: number }
  /** Every transport call, in order (request bodies deep-copied as they went over the wire). */
  readonly transportLog: readonly FakeTransportCall[]
  /** The next `login()` fails with a `PlatformError` of this kind (default `failed`). */
  failNextLogin(kind?: PlatformErrorKind, errMsg?: string): void
  /** The next `login()` never settles, like a `wx.login` stuck behind a system dialog. */
  hangNextLogin(): void
  /** The next transport call fails without reaching the handler (default kind `network`). */
  failNextRequest(kind?: PlatformErrorKind, errMsg?: string): void
  /** The next `checkSession()` rejects, as it does on some base libraries without a session. */
  failNextCheckSession(): void
}

/** WeChat's answer when the user declines to share the profile, or on base libraries past 2.27.1. */
export const ANONYMOUS_PROFILE: UserProfileResult = {
  nickName: '微信用户',
  avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132',
}

/**
 * Creates a faithful in-memory {@link FakePlatform}. It follows WeChat's rules (single-use codes that
 * expire after 5 minutes, session_key rotation, `checkSession`), the sync storage semantics, and
 * honours each transport call's timeout (on the fake clock) and cancel signal.
 */
export function createFakePlatform(options: FakePlatformOptions = {}): FakePlatform {
  const clock = options.clock ?? createFakeClock()
  const wechat = createFakeWeChat({ now: clock.now, openid: options.openid, unionid: options.unionid })
  const calls = { login: 0, checkSession: 0, request: 0, upload: 0, getUserProfile: 0 }
  const transportLog: FakeTransportCall[] = []
  const loginFailures: Array<PlatformError | 'hang'> = []
  const requestFailures: PlatformError[] = []
  let checkSessionFailures = 0

  const platform: FakePlatform = {
    kind: options.kind ?? 'mp-weixin',
    clock,
    storage: createFakeStorage(),
    wechat,
    router: createFakeRouter(),
    privacy: createFakePrivacy(options.privacy),
    handler: options.handler ?? (() => ({ status: 404, headers: {}, data: { error: 'not_found', message: 'Not found' } })),
    calls,
    transportLog,
    now: () => clock.now(),

    async login() {
      calls.login++
      const failure = loginFailures.shift()
      if (failure === 'hang') return new Promise<never>(() => {})
      if (failure) throw failure
      return { code: wechat.issueCode() }
    },
    async checkSession() {
      calls.checkSession++
      if (checkSessionFailures > 0) {
        checkSessionFailures--
        throw new PlatformError('failed', 'checkSession:fail session time out, need relogin')
      }
      return wechat.sessionKeyValid()
    },
    request(req) {
      calls.request++
      return transport({ kind: 'request', ...req, data: wireCopy(req.data) })
    },
    uploadFile(req) {
      calls.upload++
      return transport({ kind: 'upload', ...req })
    },
    async getUserProfile(desc) {
      calls.getUserProfile++
      if (typeof desc !== 'string' || desc.length === 0 || desc.length > 30) {
        throw new PlatformError('failed', 'getUserProfile:fail desc length does not meet the requirements')
      }
      return { ...(options.profile ?? ANONYMOUS_PROFILE) }
    },

    failNextLogin(kind = 'failed', errMsg = 'login:fail') {
      loginFailures.push(new PlatformError(kind, errMsg))
    },
    hangNextLogin() {
      loginFailures.push('hang')
    },
    failNextRequest(kind = 'network', errMsg = 'request:fail') {
      requestFailures.push(new PlatformError(kind, errMsg))
    },
    failNextCheckSession() {
      checkSessionFailures++
    },
  }

  function transport(call: FakeTransportCall): Promise<TransportResponse> {
    transportLog.push(call)
    const prefix = call.kind === 'request' ? 'request' : 'uploadFile'
    return new Promise<TransportResponse>((resolve, reject) => {
      if (call.cancel?.cancelled) return reject(new PlatformError('aborted', `${prefix}:fail abort`))
      const failure = requestFailures.shift()
      if (failure) return reject(failure)

      let settled = false
      const cleanups: Array<() => void> = []
      const settle = (fn: () => void) => {
        if (settled) return
        settled = true
        for (const c of cleanups) c()
        fn()
      }
      cleanups.push(clock.at(clock.now() + call.timeoutMs, () => settle(() => reject(new PlatformError('timeout', `${prefix}:fail timeout`)))))
      if (call.cancel) cleanups.push(call.cancel.onCancel(() => settle(() => reject(new PlatformError('aborted', `${prefix}:fail abort`)))))

      Promise.resolve()
        .then(() => platform.handler(call))
        .then(
          (res) =>
            settle(() => {
              // A body that cannot cross a wire (circular, too deep for JSON) fails the call like a
              // broken transport, instead of throwing inside `settle` and leaving the call pending forever.
              try {
                resolve(normaliseResponse(res))
              } catch (error) {
                reject(new PlatformError('failed', `${prefix}:fail response body cannot be copied`, { cause: error }))
              }
            }),
          (error: unknown) =>
            settle(() => reject(error instanceof PlatformError ? error : new PlatformError('network', `${prefix}:fail ${String(error)}`, { cause: error }))),
        )
    })
  }

  return platform
}

/** Copies a body the way the wire does: strings as is, everything else through JSON. */
function wireCopy(data: unknown): unknown {
  if (data === undefined || typeof data === 'string') return data
  const json = JSON.stringify(data) as string | undefined
  return json === undefined ? undefined : (JSON.parse(json) as unknown)
}

function normaliseResponse(res: TransportResponse): TransportResponse {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(res.headers)) headers[k.toLowerCase()] = v
  return { status: res.status, headers, data: wireCopy(res.data) }
}

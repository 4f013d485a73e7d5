import { usageError } from '../errors'
import { PlatformError } from './platformError'
import type { LoginCode, LoginRequest, Platform, UserProfileResult } from './types'
import { browserRuntime } from './webRuntime'
import type { WebRuntime } from './webRuntime'

/** The two scopes of WeChat's web OAuth: silent (openid only) or with the consent page (nickname, avatar, unionid). */
export type WebOauthScope = 'snsapi_base' | 'snsapi_userinfo'

/** Options of {@link createWeChatWebPlatform}. */
export interface WeChatWebPlatformOptions {
  /** The H5 uni platform; storage, requests, uploads and navigation go through it. */
  base: Platform
  /** The official account's appid (public; the secret stays on the server). */
  appid: string
  /** Default WeChat's `https://open.weixin.qq.com/connect/oauth2/authorize`; the emulator's in development. */
  authorizeURL?: string
  /**
   * The scope of an explicit `login()`; default `snsapi_base`. `snsapi_userinfo` shows WeChat's consent page and
   * brings the unionid (needed to link the user to the mini program), nickname and avatar. Silent repairs always
   * use `snsapi_base`, which never shows a page; `getUserProfile()` always asks for `snsapi_userinfo`.
   */
  scope?: WebOauthScope
  /** Where the pending state is kept in session storage. Default `wx-login-state:web-oauth`. */
  stateKey?: string
  /** Stand-in for the browser, for tests; default {@link browserRuntime}. */
  runtime?: WebRuntime
}

/** WeChat's authorize endpoint. */
export const WECHAT_AUTHORIZE_URL = 'https://open.weixin.qq.com/connect/oauth2/authorize'

const DEFAULT_STATE_KEY = 'wx-login-state:web-oauth'
// WeChat allows up to 128 letters and digits; 32 from a CSPRNG are unguessable and short.
const STATE_LENGTH = 32

interface PendingLogin {
  state: string
  scope: WebOauthScope
}

function readPending(raw: string | null): PendingLogin | undefined {
  if (raw === null) return undefined
  try {
    const value = JSON.parse(raw) as Partial<PendingLogin> | null
    if (typeof value?.state === 'string' && (value.scope === 'snsapi_base' || value.scope === 'snsapi_userinfo')) {
      return { state: value.state, scope: value.scope }
    }
  } catch {
    // Corrupt: treated like no pending login.
  }
  return undefined
}

/** Splits an address into what precedes the query, the query's pairs (decoded) and the `#fragment`. */
function splitAddress(href: string): { head: string; pairs: Array<[string, string]>; hash: string } {
  const hashAt = href.indexOf('#')
  const hash = hashAt < 0 ? '' : href.slice(hashAt)
  const beforeHash = hashAt < 0 ? href : href.slice(0, hashAt)
  const queryAt = beforeHash.indexOf('?')
  const head = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt)
  const query = queryAt < 0 ? '' : beforeHash.slice(queryAt + 1)
  const pairs: Array<[string, string]> = []
  for (const part of query.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    pairs.push([decode(eq < 0 ? part : part.slice(0, eq)), decode(eq < 0 ? '' : part.slice(eq + 1))])
  }
  return { head, pairs, hash }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

function encodeQuery(pairs: Array<[string, string]>): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
}

function webError(kind: 'failed' | 'denied', reason: string, errMsg: string): PlatformError {
  return new PlatformError(kind, `login:fail ${errMsg}`, { reason })
}

/**
 * The platform adapter for an H5 build inside WeChat's browser (公众号网页授权). `login()` stores a random `state` in
 * session storage and sends the page to WeChat's authorize URL (`…#wechat_redirect`); it never settles in that page.
 * WeChat comes back to the same address with `?code=…&state=…`; on that load `takeRedirectResult()` removes both
 * from the address bar at once (`history.replaceState`, so a reload or a shared link cannot replay them), checks the
 * state against the stored one (used once, then deleted) and hands the code to the session layer as a `web` code.
 * A return without a code is the user's refusal. Typed reasons: `web_state_missing` (nothing was started in this
 * tab, e.g. a shared link), `web_state_mismatch`, `web_auth_denied`; a silent repair in a page that has just come
 * back from WeChat is refused with `web_redirect_blocked`, so a failing login can never loop between the pages.
 * Storage, requests, uploads, navigation and the interceptors of the page's own calls are the H5 uni platform's.
 */
export function createWeChatWebPlatform(options: WeChatWebPlatformOptions): Platform {
  const { base } = options
  const runtime = options.runtime ?? browserRuntime()
  const stateKey = options.stateKey ?? DEFAULT_STATE_KEY
  const authorizeURL = options.authorizeURL ?? WECHAT_AUTHORIZE_URL
  const defaultScope = options.scope ?? 'snsapi_base'
  if (typeof options.appid !== 'string' || !/^[A-Za-z0-9_-]{4,64}$/.test(options.appid)) {
    throw usageError('createWeChatWebPlatform(): appid must be the official account appid (wx…)')
  }
  // Whether this page load came back from WeChat's authorize page (with or without a usable code).
  let returned = false

  /** The current address without the `code` and `state` WeChat appended. */
  function cleanHref(): { href: string; code: string | null; state: string | null } {
    const { head, pairs, hash } = splitAddress(runtime.href())
    const code = pairs.find(([k]) => k === 'code')?.[1] ?? null
    const state = pairs.find(([k]) => k === 'state')?.[1] ?? null
    // NOTE: only code and state go; every other parameter keeps its original spelling.
    const original = (runtime.href().split('#')[0] ?? '').split('?')[1] ?? ''
    const kept = original.split('&').filter((part) => part !== '' && !/^(code|state)(=|$)/.test(part))
    return { href: `${head}${kept.length > 0 ? `?${kept.join('&')}` : ''}${hash}`, code, state }
  }

  function redirect(scope: WebOauthScope, request: LoginRequest): Promise<never> {
    if (!request.interactive && returned) {
      return Promise.reject(
        webError('failed', 'web_redirect_blocked', 'a silent login does not redirect again from a page that just came back from WeChat'),
      )
    }
    const state = runtime.randomState(STATE_LENGTH)
    runtime.session.set(stateKey, JSON.stringify({ state, scope } satisfies PendingLogin))
    // WeChat asks for the parameters in exactly this order, and for #wechat_redirect at the end.
    const query = encodeQuery([
      ['appid', options.appid],
      ['redirect_uri', cleanHref().href],
      ['response_type', 'code'],
      ['scope', scope],
      ['state', state],
    ])
    runtime.navigate(`${authorizeURL}?${query}#wechat_redirect`)
    // The page is being replaced; whatever waits on this login waits until the new page completes it.
    return new Promise<never>(() => {})
  }

  async function takeRedirectResult(): Promise<LoginCode | null> {
    const { href, code, state } = cleanHref()
    if (code === null && state === null) return null
    returned = true
    runtime.replaceURL(href)
    const pending = readPending(runtime.session.get(stateKey))
    runtime.session.remove(stateKey)
    if (pending === undefined) {
      throw webError('failed', 'web_state_missing', 'the address carries a WeChat login result, but no login was started in this tab')
    }
    if (state !== pending.state) throw webError('failed', 'web_state_mismatch', 'the state WeChat returned does not match the one sent')
    if (code === null || code === '') throw webError('denied', 'web_auth_denied', 'the user refused the authorization')
    return { code, kind: 'web' }
  }

  return {
    kind: 'h5-wechat',
    // The page's own uni.request calls are the H5 uni platform's; without these, installRequestInterceptor could not
    // run over this adapter (and the library's calls, through base.request, already bypass them).
    ...(base.interceptors ? { interceptors: base.interceptors } : {}),
    login: (request = { interactive: true }) => redirect(request.interactive ? defaultScope : 'snsapi_base', request),
    takeRedirectResult,
    // Web OAuth has no session_key to go stale; this only means "no sign of staleness", never "the token is valid".
    checkSession: () => Promise.resolve(true),
    get storage() {
      return base.storage
    },
    request: (req) => base.request(req),
    uploadFile: (req) => base.uploadFile(req),
    // The profile comes back through the login itself: the consent page, then the server's sns/userinfo.
    getUserProfile: (): Promise<UserProfileResult> => redirect('snsapi_userinfo', { interactive: true }),
    now: () => base.now(),
    get privacy() {
      return base.privacy
    },
    get router() {
      return base.router
    },
  }
}

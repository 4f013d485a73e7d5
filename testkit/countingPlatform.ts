import type { Platform, TransportRequest, TransportUpload } from 'wx-login-state/platform'

/** What one network call was, as the round-trip tables count it. */
export type CallKind = 'wx.login' | 'login' | 'refresh' | 'business' | 'other'

/** The counts of one measured run. */
export interface CallCounts {
  /** `uni.login` / `wx.login` calls. */
  wxLogin: number
  /** `POST /api/auth/login` calls. */
  login: number
  /** Refresh calls (backends that issue refresh tokens). */
  refresh: number
  /** Every other `/api/` call: the app's protected requests, first tries and retries. */
  business: number
  other: number
  /** Network calls (wx.login included) made before the first business call went out. */
  beforeFirstBusiness: number
}

/** A platform that counts the calls made through it, plus its counts. */
export interface CountingPlatform {
  platform: Platform
  counts(): CallCounts
}

/** Classifies a request URL: the login endpoint, a business endpoint, or something else. */
export function classifyURL(url: string): CallKind {
  const pathname = url.replace(/^[a-z][a-z\d+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '')
  if (pathname === '/api/auth/login') return 'login'
  if (pathname.startsWith('/api/')) return 'business'
  return 'other'
}

/**
 * Wraps `base` so that every `login()`, `request()` and `uploadFile()` is counted by kind before it is
 * delegated; everything else passes through untouched. A fresh wrapper per measured run means the
 * setup's calls (seeding a session) are never counted.
 */
export function countingPlatform(base: Platform, classify: (url: string) => CallKind = classifyURL): CountingPlatform {
  const counts: CallCounts = { wxLogin: 0, login: 0, refresh: 0, business: 0, other: 0, beforeFirstBusiness: 0 }
  let businessSeen = false

  function note(kind: CallKind): void {
    if (kind === 'wx.login') counts.wxLogin++
    else counts[kind]++
    if (kind === 'business') businessSeen = true
    else if (!businessSeen) counts.beforeFirstBusiness++
  }

  const platform: Platform = {
    kind: base.kind,
    storage: base.storage,
    privacy: base.privacy,
    router: base.router,
    login() {
      note('wx.login')
      return base.login()
    },
    checkSession: () => base.checkSession(),
    request(req: TransportRequest) {
      note(classify(req.url))
      return base.request(req)
    },
    uploadFile(req: TransportUpload) {
      note(classify(req.url))
      return base.uploadFile(req)
    },
    getUserProfile: (desc) => base.getUserProfile(desc),
    now: () => base.now(),
  }
  return { platform, counts: () => ({ ...counts }) }
}

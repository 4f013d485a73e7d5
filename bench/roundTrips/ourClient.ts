import { createAuth } from 'wx-login-state'
import type { ClientStrategy } from './clientStrategy'

/**
 * The library under test. `autoLogin: 'always'` because the bench's cold launch expects protected
 * requests to log in by themselves, as in an app that collected privacy consent elsewhere; the
 * expiry paths behave the same under the default `'repair'`.
 */
export const ourClient: ClientStrategy = {
  name: 'ours (wx-login-state)',
  create(platform, baseURL, target) {
    const auth = createAuth({ platform, baseURL, autoLogin: 'always', ...(target ? { backend: target.backend } : {}) })
    const url = target?.path ?? '/api/me'
    return { request: () => auth.http.request({ url }) }
  },
}

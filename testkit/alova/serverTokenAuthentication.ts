/**
 * The wiring that runs alova's own `createServerTokenAuthentication` spec (alovajs/alova at 14b77c05,
 * packages/client/test/functions/createServerTokenAuthentication.spec.ts) against `wx-login-state/alova`:
 * the spec's import of `createServerTokenAuthentication` is pointed at what {@link wireServerTokenAuthentication}
 * returns, and nothing else in the spec changes. See scripts/alovaSpecCheck.ts and docs/testing.md.
 *
 * Each call builds one `createAuth` over a fake device whose transport is the spec's own request adapter
 * (its mock server): the library's login call is sent as `GET /refresh-token` through that adapter, and the
 * token travels as the spec's backend expects it (`Authorization: <token>`, no scheme). alova's options are
 * handed to the adapter unchanged; `match` is the one option added, because the spec's methods have no
 * `baseURL` to match against.
 */
import { createAlova, type AlovaRequestAdapter } from 'alova'
import { createAuth, type BackendDescription } from 'wx-login-state'
import { createTokenAuthentication, type AlovaAuthOptions } from 'wx-login-state/alova'
import { defineBackend } from 'wx-login-state/backends'
import { createFakePlatform } from 'wx-login-state/testing'

/** The spec's backend, described for `createAuth`: a login is `GET /refresh-token`, its answer `{ token }`. */
const specBackend: BackendDescription<'none'> = defineBackend({
  name: 'alova spec mock',
  login: () => ({ path: '/refresh-token', method: 'GET' }),
  loginFailure: (answer) => (answer.status === 200 ? undefined : { reason: 'backend_error' }),
  session: { token: 'token', expiry: 'unknown' },
  user: 'none',
  sendToken: { header: 'Authorization', scheme: '' },
  isSessionExpired: (answer) => answer.status === 401,
})

/**
 * The device the spec starts on:
 * - `'fresh'`: never logged in, `autoLogin: 'always'`; the first method that needs the token logs in silently, so the
 *   spec's backend never answers 401 and its expiry cases test nothing of the repair;
 * - `'logged-out'`: never logged in, the default `autoLogin: 'repair'`; a method that needs the token rejects with
 *   `LoginRequiredError` until the app logs in (which the spec never does);
 * - `'expired'`: it logged in before, and the backend has since dropped that session (the first login hands out a
 *   token the spec's backend refuses), so the first authenticated method is answered 401, as in alova's expiry cases.
 */
export type SpecDevice = 'fresh' | 'logged-out' | 'expired'

/** The token of the session the backend dropped, on an `'expired'` device. */
export const DROPPED_TOKEN = 'dropped-before-the-run'

/**
 * Returns a `createServerTokenAuthentication(options)` that builds `wx-login-state/alova`'s adapter over
 * `createAuth`, with `requestAdapter` (the spec's mock adapter) as the device's transport.
 */
export function wireServerTokenAuthentication<RC, RE, RH>(requestAdapter: AlovaRequestAdapter<RC, RE, RH>, device: SpecDevice = 'fresh') {
  const transport = createAlova({ requestAdapter, cacheFor: null })
  return function createServerTokenAuthentication(options: AlovaAuthOptions<RE> = {}) {
    let logins = 0
    const platform = createFakePlatform({
      handler: async (call) => {
        // The library sends only its login call here (the spec's methods go through alova itself).
        if (call.kind !== 'request' || call.method !== 'GET') return { status: 404, headers: {}, data: { message: `no ${call.kind} here` } }
        if (device === 'expired' && logins++ === 0) return { status: 200, headers: {}, data: { token: DROPPED_TOKEN } }
        const url = new URL(call.url)
        try {
          return { status: 200, headers: {}, data: await transport.Get(`${url.pathname}${url.search}`) }
        } catch (error) {
          // The spec's mock adapter throws an Error named after the HTTP status for a status >= 300.
          const status = Number((error as Error).name)
          return { status: Number.isInteger(status) ? status : 500, headers: {}, data: { message: (error as Error).message } }
        }
      },
    })
    // alova sends a method before any login; the library's counterpart is a silent login on first need.
    const autoLogin = device === 'logged-out' ? 'repair' : 'always'
    const auth = createAuth({ platform, baseURL: 'http://alova-spec.test', backend: specBackend, autoLogin })
    return createTokenAuthentication(auth, { ...options, match: () => true })
  }
}

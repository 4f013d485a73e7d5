import type { ClientStrategy } from './clientStrategy'
import { BASELINE_TOKEN_KEY, bodyOf, loginOnce, sendMe, storedToken } from './baselineTransport'

/**
 * Baseline model of "one login per failing request", the behaviour of wafer2-client-sdk: a request
 * that finds no session logs in first, and a request answered with an invalid-session error clears
 * the session, logs in again by itself and retries once. Nothing is shared between concurrent
 * requests, so N requests that all need a login make N logins. Written from that behaviour, not
 * copied from the SDK.
 */
export const perRequestLoginModel: ClientStrategy = {
  name: 'baseline: one login per failing request (wafer2-client-sdk)',
  create(platform, baseURL) {
    return {
      async request() {
        const token = storedToken(platform) ?? (await loginOnce(platform, baseURL))
        const first = await sendMe(platform, baseURL, token)
        if (first.status !== 401) return bodyOf(first)
        platform.storage.remove(BASELINE_TOKEN_KEY)
        const fresh = await loginOnce(platform, baseURL)
        return bodyOf(await sendMe(platform, baseURL, fresh))
      },
    }
  },
}

import type { ClientStrategy } from './clientStrategy'
import { BaselineError, bodyOf, loginOnce, sendMe, storedToken } from './baselineTransport'

/**
 * Baseline model of "a flag plus a queue that replays only the first request", the refresh logic of
 * a popular uni-app template (unibest): requests go out with whatever token is stored; the first
 * 401 sets a `refreshing` flag, logs in and replays that one request; a 401 that arrives while the
 * flag is set is rejected. A 401 arriving after the flag was cleared starts another login. Written
 * from that behaviour, not copied from the template.
 */
export const firstOnlyReplayModel: ClientStrategy = {
  name: 'baseline: flag + queue replaying the first request (unibest)',
  create(platform, baseURL) {
    let refreshing = false
    return {
      async request() {
        const first = await sendMe(platform, baseURL, storedToken(platform))
        if (first.status !== 401) return bodyOf(first)
        if (refreshing) throw new BaselineError('GET /api/me got 401 while a refresh was running; dropped')
        refreshing = true
        let token: string
        try {
          token = await loginOnce(platform, baseURL)
        } finally {
          refreshing = false
        }
        return bodyOf(await sendMe(platform, baseURL, token))
      },
    }
  },
}

import { createAuth, installRequestInterceptor } from 'wx-login-state'
import type { ClientStrategy } from './clientStrategy'
import { installBenchUni } from './uniRuntime'

/**
 * Plain `uni.request` (promise style) through `installRequestInterceptor`, as an app that keeps its
 * own request code. `autoLogin: 'always'` as for {@link ourClient}. A non-2xx answer counts as a failure.
 */
export const ourUniRequestClient: ClientStrategy = {
  name: 'ours: uni.request + interceptor',
  create(platform, baseURL, target) {
    const { platform: runtimePlatform, uni } = installBenchUni(platform)
    const auth = createAuth({ platform: runtimePlatform, baseURL, autoLogin: 'always', ...(target ? { backend: target.backend } : {}) })
    installRequestInterceptor(auth)
    const path = target?.path ?? '/api/me'
    return {
      async request() {
        const res = (await uni.request({ url: `${baseURL}${path}` })) as { statusCode: number; data: unknown }
        if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`GET ${path} failed: HTTP ${res.statusCode}`)
        return res.data
      },
    }
  },
}

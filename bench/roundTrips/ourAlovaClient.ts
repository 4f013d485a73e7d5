import { uniappRequestAdapter } from '@alova/adapter-uniapp'
import { createAlova } from 'alova'
import { createAuth } from 'wx-login-state'
import { createTokenAuthentication } from 'wx-login-state/alova'
import type { ClientStrategy } from './clientStrategy'
import { installBenchUni } from './uniRuntime'

/** alova 3 with `@alova/adapter-uniapp` and `wx-login-state/alova`, as the library guide shows it. */
export const ourAlovaClient: ClientStrategy = {
  name: 'ours: alova + adapter',
  create(platform, baseURL, target) {
    const { platform: runtimePlatform } = installBenchUni(platform)
    const auth = createAuth({ platform: runtimePlatform, baseURL, autoLogin: 'always', ...(target ? { backend: target.backend } : {}) })
    const path = target?.path ?? '/api/me'
    const { onAuthRequired, onResponseRefreshToken } = createTokenAuthentication(auth)
    const alova = createAlova({
      baseURL,
      requestAdapter: uniappRequestAdapter,
      cacheFor: null,
      // Each call is its own request, as in every other row (alova would merge identical concurrent GETs).
      shareRequest: false,
      beforeRequest: onAuthRequired(),
      responded: onResponseRefreshToken((response: { statusCode: number; data: unknown }) => {
        if (response.statusCode < 200 || response.statusCode >= 300) throw new Error(`GET ${path} failed: HTTP ${response.statusCode}`)
        return response.data
      }),
    })
    return { request: () => alova.Get(path).send() }
  },
}

import { uniappRequestAdapter } from '@alova/adapter-uniapp'
import { createAlova } from 'alova'
import { createServerTokenAuthentication } from 'alova/client'
import type VueHook from 'alova/vue'
import type { ClientStrategy } from './clientStrategy'
import { BASELINE_TOKEN_KEY, BaselineError } from './baselineTransport'
import { installBenchUni } from './uniRuntime'

type UniResponse = { statusCode: number; data: unknown }

/**
 * alova 3's own `createServerTokenAuthentication`, configured as alova's token-authentication guide
 * shows it for a server that answers 401 on expiry: `refreshTokenOnSuccess` (the uni adapter hands a
 * 401 to `responded` as a success) and `refreshTokenOnError`, both re-logging in with `wx.login` and
 * the login endpoint through a method marked `authRole: 'refreshToken'`; `assignToken` sets the
 * header from storage. Its waiting list is alova's; nothing of ours is involved.
 */
export const alovaOwnTokenModel: ClientStrategy = {
  name: "alova's own createServerTokenAuthentication",
  create(platform, baseURL) {
    installBenchUni(platform)
    const refresh = async () => {
      const { code } = await platform.login()
      const res = (await alova.Post('/api/auth/login', { code }, { meta: { authRole: 'refreshToken' } }).send()) as UniResponse
      const token = (res.data as { token?: unknown } | null)?.token
      if (res.statusCode !== 200 || typeof token !== 'string') throw new BaselineError(`login failed: HTTP ${res.statusCode}`)
      platform.storage.set(BASELINE_TOKEN_KEY, token)
    }
    const { onAuthRequired, onResponseRefreshToken } = createServerTokenAuthentication<typeof VueHook, typeof uniappRequestAdapter>({
      refreshTokenOnSuccess: {
        isExpired: (response) => (response as unknown as UniResponse).statusCode === 401,
        handler: refresh,
      },
      refreshTokenOnError: {
        isExpired: (error) => (error as { statusCode?: number } | null)?.statusCode === 401,
        handler: refresh,
      },
      assignToken: (method) => {
        const token = platform.storage.get(BASELINE_TOKEN_KEY)
        if (typeof token === 'string' && token !== '') method.config.headers = { ...method.config.headers, Authorization: `Bearer ${token}` }
      },
    })
    const alova = createAlova({
      baseURL,
      requestAdapter: uniappRequestAdapter,
      cacheFor: null,
      // Each call is its own request, as in every other row (alova would merge identical concurrent GETs).
      shareRequest: false,
      beforeRequest: onAuthRequired(),
      responded: onResponseRefreshToken((response) => {
        const res = response as unknown as UniResponse
        if (res.statusCode < 200 || res.statusCode >= 300) throw new BaselineError(`HTTP ${res.statusCode}`)
        return res
      }),
    })
    return {
      async request() {
        const res = (await alova.Get('/api/me').send()) as UniResponse
        return res.data
      },
    }
  },
}

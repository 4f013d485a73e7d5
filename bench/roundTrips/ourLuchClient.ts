import { createAuth } from 'wx-login-state'
import { installLuchRequestAuth } from 'wx-login-state/luch-request'
import type { ClientStrategy } from './clientStrategy'
import { LuchRequest } from './luchRequestForNode'
import { installBenchUni } from './uniRuntime'

/** A luch-request instance with `wx-login-state/luch-request`, as the library guide shows it. */
export const ourLuchClient: ClientStrategy = {
  name: 'ours: luch-request + adapter',
  create(platform, baseURL, target) {
    const { platform: runtimePlatform } = installBenchUni(platform)
    const auth = createAuth({ platform: runtimePlatform, baseURL, autoLogin: 'always', ...(target ? { backend: target.backend } : {}) })
    const http = new LuchRequest({ baseURL })
    installLuchRequestAuth(http, auth)
    const path = target?.path ?? '/api/me'
    return { request: () => http.get(path).then((res) => res.data) }
  },
}

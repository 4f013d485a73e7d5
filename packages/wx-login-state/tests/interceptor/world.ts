import type { AuthOptions } from '../../src/authOptions'
import { createAuth } from '../../src/createAuth'
import { withFakeUniRuntime, type FakeUni } from '../../src/testing/fakeUniRuntime'
import { BASE_URL, createWorld, persistedSession } from '../harness'

/** A fake device whose uni runtime runs interceptors, the fake backend behind it, and a library instance. */
export async function interceptedWorld(options: { session?: boolean } & Partial<AuthOptions> = {}) {
  const { session = true, ...authOptions } = options
  const { platform: fake, backend } = createWorld()
  if (session) await persistedSession(fake)
  const { platform, uni } = withFakeUniRuntime(fake)
  const auth = createAuth({ platform, baseURL: BASE_URL, ...authOptions })
  return { fake, backend, platform, uni, auth }
}

/** How one callback-style call ended: which callbacks ran, how often, with what. */
export interface CallbackOutcome {
  success: unknown[]
  fail: unknown[]
  complete: unknown[]
  returned: unknown
}

/** Makes one callback-style call and resolves once `complete` ran, plus a turn for stray late callbacks. */
export function callWithCallbacks(uni: FakeUni, options: Record<string, unknown>, api: 'request' | 'uploadFile' = 'request'): Promise<CallbackOutcome> {
  const outcome: CallbackOutcome = { success: [], fail: [], complete: [], returned: undefined }
  return new Promise((resolve) => {
    outcome.returned = uni[api]({
      ...options,
      success: (res: unknown) => outcome.success.push(res),
      fail: (res: unknown) => outcome.fail.push(res),
      complete: (res: unknown) => {
        outcome.complete.push(res)
        setTimeout(() => resolve(outcome), 0)
      },
    })
  })
}

/** The Authorization header a transport call carried, in any spelling. */
export function authorizationOf(call: { headers: Record<string, string> }): string | undefined {
  return Object.entries(call.headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1]
}

export { BASE_URL }

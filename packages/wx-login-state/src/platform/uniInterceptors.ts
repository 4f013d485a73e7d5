import type { ApiInterceptor, InterceptedApi, InterceptedCall, InterceptedTask, PlatformInterceptors } from './interceptorTypes'
import type { UniInterceptorHooks, UniLike } from './uniTypes'

/**
 * Set on the calls the library sends itself (its own transport, and calls it sends again), so that
 * its interceptor lets them through; every other interceptor of the app still sees them.
 */
export const BYPASS_FIELD = '__wxLoginStateBypass'

/** The uni adapter's interceptor primitive, plus what its transport needs to stay outside it. */
export interface UniInterceptors extends PlatformInterceptors {
  /** The field to put on the library's own calls of `api`; `undefined` while nothing is installed. */
  bypassFor(api: InterceptedApi): { [BYPASS_FIELD]: true } | undefined
}

// Which runtimes hold an interceptor of ours, per API. uni keeps interceptors globally, so two
// platforms over one runtime share one entry.
const claimed = new WeakMap<object, Set<InterceptedApi>>()

/**
 * Creates the interceptor primitive over `uni` (resolved lazily, like every uni access of the
 * adapter). `runtimeKey` names the runtime, so that two installs on one runtime are told apart from
 * installs on two runtimes (test stand-ins). Removal passes the very hook object that was added:
 * `uni.removeInterceptor(api)` without it would also drop every interceptor the app added itself.
 */
export function createUniInterceptors(uni: () => UniLike, runtimeKey: object): UniInterceptors {
  const held = (): Set<InterceptedApi> => {
    let set = claimed.get(runtimeKey)
    if (!set) claimed.set(runtimeKey, (set = new Set()))
    return set
  }
  return {
    add(api: InterceptedApi, interceptor: ApiInterceptor) {
      if (held().has(api)) return null
      const hooks: UniInterceptorHooks = {
        invoke(call) {
          if (call[BYPASS_FIELD] === true) {
            delete call[BYPASS_FIELD]
            return undefined
          }
          return interceptor.invoke(call)
        },
      }
      if (interceptor.returnValue) {
        const returnValue = interceptor.returnValue.bind(interceptor)
        hooks.returnValue = (value) => returnValue(value)
      }
      uni().addInterceptor(api, hooks)
      held().add(api)
      let removed = false
      return () => {
        if (removed) return
        removed = true
        uni().removeInterceptor(api, hooks)
        held().delete(api)
      }
    },
    send(api: InterceptedApi, call: InterceptedCall): InterceptedTask | undefined {
      const options = { ...call, [BYPASS_FIELD]: true }
      const u = uni()
      const task = api === 'request' ? u.request(options as never) : u.uploadFile(options as never)
      return task ? (task as InterceptedTask) : undefined
    },
    bypassFor(api: InterceptedApi) {
      return claimed.get(runtimeKey)?.has(api) ? { [BYPASS_FIELD]: true } : undefined
    },
  }
}

import { createCancelSource } from '../transport/cancel'
import { isPlatformError } from '../platform/platformError'
import type { Platform, TransportResponse } from '../platform/types'
import { createUniInterceptors } from '../platform/uniInterceptors'
import { uniRequest, uniUpload } from '../platform/uniTransport'
import type { UniLike } from '../platform/uniTypes'

type Hook = (value: unknown, params?: unknown) => unknown
type HookName = 'invoke' | 'success' | 'fail' | 'complete' | 'returnValue'
type Hooks = Partial<Record<HookName, unknown>>
type HookLists = Partial<Record<HookName, Hook[]>>
type Options = Record<string, unknown>

/** The part of `uni` the fake runtime models: the two network APIs and the interceptor registry. */
export interface FakeUni {
  /** Callback style returns the task (or what `returnValue` hooks made of it); promise style a promise. */
  request(options?: Options): unknown
  uploadFile(options?: Options): unknown
  addInterceptor(method: string | Hooks, interceptor?: Hooks): void
  removeInterceptor(method: string | Hooks, interceptor?: Hooks): void
  /** What app callbacks threw; uni catches and logs these instead of letting them escape. */
  readonly callbackErrors: readonly unknown[]
}

/** A platform whose network and interceptor primitive run through a {@link FakeUni}, and that runtime. */
export interface FakeUniRuntime {
  /** `base` with `request`, `uploadFile` and `interceptors` taken over by the real uni adapter code. */
  platform: Platform
  uni: FakeUni
}

/**
 * Puts a model of uni's API layer between the library and `base`'s transport, for tests and the
 * bench of `installRequestInterceptor`. The model follows uni-h5 / uni-mp-weixin
 * 3.0.0-5010420260703001 line by line: `addInterceptor` merges and de-duplicates hooks per API,
 * global hooks first; `invoke` hooks run in order, a synchronous `false` stops the call (and leaves a
 * promise-style call pending), a returned promise's value replaces the options (so `undefined`
 * loses them), and hooks after a promise-returning one receive a function instead of being run
 * (dcloudio/uni-app 5422); `success`/`fail`/`complete` hooks wrap the callbacks; `returnValue`
 * hooks see what the call returned. The network answers in WeChat's shapes (`errMsg: 'request:ok'`,
 * `statusCode`, `header`, `cookies`; uploads' `data` as a string). The library's own transport and
 * interceptor primitive on the returned platform are the real uni adapter's, over this runtime.
 */
export function withFakeUniRuntime(base: Platform): FakeUniRuntime {
  const globalHooks: HookLists = {}
  const scopedHooks: Record<string, HookLists> = {}
  const callbackErrors: unknown[] = []

  function merge(target: HookLists, hooks: Hooks): void {
    for (const name of Object.keys(hooks) as HookName[]) {
      const hook = hooks[name]
      if (typeof hook !== 'function') continue
      const list = [...(target[name] ?? []), hook as Hook]
      target[name] = list.filter((h, i) => list.indexOf(h) === i)
    }
  }
  function unmerge(target: HookLists | undefined, hooks: Hooks): void {
    if (!target) return
    for (const name of Object.keys(hooks) as HookName[]) {
      const list = target[name]
      const i = list?.indexOf(hooks[name] as Hook) ?? -1
      if (list && i >= 0) list.splice(i, 1)
    }
  }
  function hooksOf(method: string): HookLists {
    const out: HookLists = {}
    for (const name of Object.keys(globalHooks) as HookName[]) if (name !== 'returnValue') out[name] = [...(globalHooks[name] ?? [])]
    for (const name of Object.keys(scopedHooks[method] ?? {}) as HookName[]) {
      if (name !== 'returnValue') out[name] = [...(out[name] ?? []), ...(scopedHooks[method]?.[name] ?? [])]
    }
    return out
  }

  type Thenable = { then(fn: (value: unknown) => unknown): unknown }
  function queue(hooks: Hook[], data: unknown, params?: unknown): Thenable {
    let promise: Promise<unknown> | false = false
    for (const hook of hooks) {
      if (promise) {
        // NOTE: uni's own code: the hook is handed on as a value, never called (dcloudio/uni-app 5422).
        promise = Promise.resolve((value: unknown) => hook(value, params) || value)
      } else {
        const res = hook(data, params)
        if (isThenable(res)) promise = Promise.resolve(res)
        if (res === false) return { then() {} }
      }
    }
    return promise || { then: (fn) => fn(data) }
  }
  function wrapOptions(hooks: HookLists, options: unknown): Options {
    const opts = (typeof options === 'object' && options !== null ? options : {}) as Options
    for (const name of ['success', 'fail', 'complete'] as const) {
      const list = hooks[name]
      if (!list) continue
      const original = opts[name]
      opts[name] = (res: unknown) => {
        queue(list, res, opts).then((res2) => (typeof original === 'function' && (original as Hook)(res2)) || res2)
      }
    }
    return opts
  }
  function returnValueOf(method: string, value: unknown): unknown {
    for (const hook of [...(globalHooks.returnValue ?? []), ...(scopedHooks[method]?.returnValue ?? [])]) value = hook(value) || value
    return value
  }
  function invokeApi(method: string, api: (options: Options) => unknown, options: Options): unknown {
    const hooks = hooksOf(method)
    if (Object.keys(hooks).length === 0) return api(options)
    if (!hooks.invoke) return api(wrapOptions(hooks, options))
    return queue(hooks.invoke, options).then((next) => api(wrapOptions(hooksOf(method), next)))
  }
  function promisify(method: string, api: (options: Options) => unknown) {
    return (args: Options = {}): unknown => {
      const hasCallback = ['success', 'fail', 'complete'].some((k) => typeof args[k] === 'function')
      if (hasCallback) return returnValueOf(method, invokeApi(method, api, { ...args }))
      return returnValueOf(method, new Promise((resolve, reject) => void invokeApi(method, api, { ...args, success: resolve, fail: reject })))
    }
  }

  /** uni's async-API wrapper: takes the callbacks, normalises `errMsg`, calls success|fail then complete. */
  function taskApi(name: string, start: (args: Options, done: (res: Options) => void) => Options) {
    return (raw: Options): Options => {
      const args = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Options
      const callbacks: Partial<Record<'success' | 'fail' | 'complete', Hook>> = {}
      for (const key of ['success', 'fail', 'complete'] as const) {
        if (typeof args[key] === 'function') {
          const fn = args[key] as Hook
          callbacks[key] = (res) => {
            try {
              return fn(res)
            } catch (error) {
              callbackErrors.push(error)
              return undefined
            }
          }
          delete args[key]
        }
      }
      const done = (res: Options) => {
        const errMsg = typeof res.errMsg === 'string' && res.errMsg.includes(':fail') ? name + res.errMsg.slice(res.errMsg.indexOf(':fail')) : `${name}:ok`
        res.errMsg = errMsg
        if (errMsg === `${name}:ok`) callbacks.success?.(res)
        else callbacks.fail?.(res)
        callbacks.complete?.(res)
      }
      if (typeof args.url !== 'string') {
        void Promise.resolve().then(() => done({ errMsg: `${name}:fail Missing required args: "url"` }))
        return { abort() {} }
      }
      return start(args, done)
    }
  }

  function network(
    name: 'request' | 'uploadFile',
    send: (args: Options, cancel: ReturnType<typeof createCancelSource>) => Promise<TransportResponse>,
    shape: (res: TransportResponse) => Options,
  ) {
    return taskApi(name, (args, done) => {
      const cancel = createCancelSource()
      let finished = false
      const finish = (res: Options) => {
        if (finished) return
        finished = true
        done(res)
      }
      send(args, cancel).then(
        (res) => finish(shape(res)),
        (error: unknown) => finish({ errMsg: isPlatformError(error) ? error.errMsg : `${name}:fail ${String(error)}` }),
      )
      const noop = () => {}
      return {
        abort: () => cancel.cancel(),
        onHeadersReceived: noop,
        offHeadersReceived: noop,
        onProgressUpdate: noop,
        offProgressUpdate: noop,
      }
    })
  }

  const headersOf = (args: Options): Record<string, string> => {
    const out: Record<string, string> = {}
    const header = args.header
    if (typeof header === 'object' && header !== null) for (const [k, v] of Object.entries(header)) out[k] = String(v)
    return out
  }
  const timeoutOf = (args: Options) => (typeof args.timeout === 'number' && args.timeout > 0 ? args.timeout : 60_000)

  const requestApi = network(
    'request',
    (args, cancel) =>
      base.request({
        url: args.url as string,
        method: String(args.method ?? 'GET').toUpperCase() as 'GET',
        headers: headersOf(args),
        ...(args.data === undefined ? {} : { data: args.data }),
        timeoutMs: timeoutOf(args),
        cancel: cancel.signal,
      }),
    (res) => ({ data: res.data, statusCode: res.status, header: { ...res.headers }, cookies: [], errMsg: 'request:ok' }),
  )
  const uploadApi = network(
    'uploadFile',
    (args, cancel) =>
      base.uploadFile({
        url: args.url as string,
        filePath: String(args.filePath ?? ''),
        name: String(args.name ?? 'file'),
        headers: headersOf(args),
        ...(typeof args.formData === 'object' && args.formData !== null ? { formData: args.formData as Record<string, string> } : {}),
        timeoutMs: timeoutOf(args),
        cancel: cancel.signal,
      }),
    // WeChat hands an upload's body over as the raw string.
    (res) => ({ data: typeof res.data === 'string' ? res.data : JSON.stringify(res.data), statusCode: res.status, errMsg: 'uploadFile:ok' }),
  )

  const uni: FakeUni = {
    request: promisify('request', requestApi),
    uploadFile: promisify('uploadFile', uploadApi),
    addInterceptor(method, interceptor) {
      if (typeof method === 'string' && isPlainObject(interceptor)) merge((scopedHooks[method] ??= {}), interceptor)
      else if (isPlainObject(method)) merge(globalHooks, method)
    },
    removeInterceptor(method, interceptor) {
      if (typeof method === 'string') {
        if (isPlainObject(interceptor)) unmerge(scopedHooks[method], interceptor)
        else delete scopedHooks[method]
      } else if (isPlainObject(method)) unmerge(globalHooks, method)
    },
    callbackErrors,
  }

  const uniLike = uni as unknown as UniLike
  const interceptors = createUniInterceptors(() => uniLike, uni)
  const platform = Object.assign(Object.create(base) as Platform, {
    interceptors,
    request: (req: Parameters<Platform['request']>[0]) => uniRequest(uniLike, req, interceptors.bypassFor('request')),
    uploadFile: (req: Parameters<Platform['uploadFile']>[0]) => uniUpload(uniLike, req, interceptors.bypassFor('uploadFile')),
  })
  return { platform, uni }
}

function isThenable(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
}

function isPlainObject(value: unknown): value is Hooks {
  return Object.prototype.toString.call(value) === '[object Object]'
}

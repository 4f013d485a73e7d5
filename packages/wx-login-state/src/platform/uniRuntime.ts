import type { UniLike, UniPageLike, UniTask, WxPrivacyLike } from './uniTypes'

type Arg<K extends keyof UniLike> = Parameters<UniLike[K]>[0]
type UniArg<K extends keyof UniApp.Uni> = Parameters<UniApp.Uni[K]>[0]

/** The runtime objects the adapter works on. */
export interface UniRuntime {
  /** Absent outside a uni-app runtime (plain Node, a unit test without a stand-in). */
  uni: UniLike | undefined
  wx: WxPrivacyLike | undefined
  getCurrentPages: () => UniPageLike[]
}

/**
 * The runtime's `uni`, `wx` and `getCurrentPages`, as the adapter's default.
 * Neither build has them as globals the adapter could look up: mp-weixin injects `uni` as an import
 * of every module that names it, and the tree-shaken H5 build turns each literal `uni.xxx` into an
 * import of just that API (its `window.uni` is empty). So every API is named literally here, inside
 * a function that runs at call time, which both compilers can see and bind.
 */
export function uniRuntime(): UniRuntime {
  const bound: UniLike = {
    login: (o: Arg<'login'>) => uni.login(o as UniArg<'login'>),
    checkSession: (o: Arg<'checkSession'>) => uni.checkSession(o as UniArg<'checkSession'>),
    getStorageSync: (key: string) => uni.getStorageSync(key),
    setStorageSync: (key: string, value: unknown) => uni.setStorageSync(key, value),
    removeStorageSync: (key: string) => uni.removeStorageSync(key),
    // Under the typings' overloads these return a promise; with callbacks they return the task.
    request: (o: Arg<'request'>) => uni.request(o as UniApp.RequestOptions) as unknown as UniTask,
    uploadFile: (o: Arg<'uploadFile'>) => uni.uploadFile(o as UniApp.UploadFileOption) as unknown as UniTask,
    getUserProfile: (o: Arg<'getUserProfile'>) => uni.getUserProfile(o as UniArg<'getUserProfile'>),
    addInterceptor: (method: string, interceptor: Parameters<UniLike['addInterceptor']>[1]) =>
      uni.addInterceptor(method, interceptor as UniApp.InterceptorOptions),
    // NOTE: the typings know only the one-argument form; the runtime also takes the hooks to remove.
    removeInterceptor: (method: string, interceptor?: Parameters<UniLike['removeInterceptor']>[1]) =>
      (uni.removeInterceptor as (method: string, interceptor?: unknown) => void)(method, interceptor),
    navigateTo: (o: Arg<'navigateTo'>) => uni.navigateTo(o as UniArg<'navigateTo'>),
    redirectTo: (o: Arg<'redirectTo'>) => uni.redirectTo(o as UniArg<'redirectTo'>),
    reLaunch: (o: Arg<'reLaunch'>) => uni.reLaunch(o as UniArg<'reLaunch'>),
    switchTab: (o: Arg<'switchTab'>) => uni.switchTab(o as UniArg<'switchTab'>),
    navigateBack: (o: Arg<'navigateBack'>) => uni.navigateBack(o as UniArg<'navigateBack'>),
  }
  return {
    uni: typeof uni === 'undefined' ? undefined : bound,
    // mp-weixin injects `wx` like `uni`; on H5 there is none and the adapter reports privacy as unsupported.
    wx: typeof wx === 'undefined' ? undefined : (wx as unknown as WxPrivacyLike),
    getCurrentPages: () => (typeof getCurrentPages === 'function' ? (getCurrentPages() as unknown as UniPageLike[]) : []),
  }
}

import type { Plugin } from 'vite'

/** uni's mp-weixin runtime, the module that schedules the preload. */
const RUNTIME = /[\\/]@dcloudio[\\/]uni-mp-weixin[\\/]dist[\\/]uni\.mp\.esm\.js$/
const PRELOAD_GUARD = 'isFunction(wx.preloadAssets)'

/**
 * uni's mp-weixin runtime preloads a navigation-bar shadow image from DCloud's CDN about three
 * seconds after launch (`preloadAsset()` in common/vendor.js; the host is assembled with
 * `String.fromCharCode`). This app sets no shadow and talks to nobody but its backend, so the
 * condition that schedules the preload is made `false` and the minifier drops the whole branch.
 * If a uni upgrade changes that code, the build fails here instead of shipping the request.
 */
export function noDcloudPreload(): Plugin {
  return {
    name: 'wx-login-state:no-dcloud-preload',
    enforce: 'pre',
    transform(code, id) {
      if (!RUNTIME.test(id.split('?')[0] ?? '')) return null
      if (!code.includes('wx.preloadAssets')) return null
      if (!code.includes(PRELOAD_GUARD)) {
        this.error(`uni's mp-weixin runtime calls wx.preloadAssets in a way this plugin does not know; update ${import.meta.url}`)
      }
      return { code: code.split(PRELOAD_GUARD).join('false'), map: null }
    },
  }
}

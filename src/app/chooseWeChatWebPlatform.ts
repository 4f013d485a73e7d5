import { browserRuntime, createWeChatWebPlatform, isWeChatBrowser } from 'wx-login-state/wechat-web'
import type { Platform } from 'wx-login-state'
import type { WebRuntime } from 'wx-login-state/wechat-web'
import type { AppConfig } from './config'

/**
 * The web OAuth adapter when this H5 app runs inside WeChat's browser with an official account configured, else
 * undefined. Passed to `createAppPlatform` only in H5 builds, so the mini-program build never ships it. The demo asks
 * for `snsapi_userinfo` on the login button: it wants the profile, and only that scope brings the unionid that makes
 * the H5 user the same as the mini-program one. Silent repairs stay `snsapi_base` (no page).
 */
export function chooseWeChatWebPlatform(config: AppConfig, base: Platform, runtime: WebRuntime = browserRuntime()): Platform | undefined {
  if (config.uniPlatform !== 'h5' || config.wechatWeb === undefined || !isWeChatBrowser(runtime.userAgent())) return undefined
  return createWeChatWebPlatform({
    base,
    appid: config.wechatWeb.appid,
    ...(config.wechatWeb.authorizeURL === undefined ? {} : { authorizeURL: config.wechatWeb.authorizeURL }),
    scope: 'snsapi_userinfo',
    runtime,
  })
}

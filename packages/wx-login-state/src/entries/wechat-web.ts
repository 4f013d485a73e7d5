// `wx-login-state/wechat-web`: the adapter for H5 pages opened inside WeChat's browser (web OAuth instead of
// `wx.login`). On its own entry so that a mini-program build never carries it unless the app imports it.
export { createWeChatWebPlatform, WECHAT_AUTHORIZE_URL } from '../platform/wechatWebPlatform'
export { browserRuntime, isWeChatBrowser } from '../platform/webRuntime'

export type { WeChatWebPlatformOptions, WebOauthScope } from '../platform/wechatWebPlatform'
export type { WebRuntime } from '../platform/webRuntime'

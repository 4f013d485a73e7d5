import { HttpError, LoginFailedError, isAuthError, type AuthError, type LoginFailureReason } from 'wx-login-state'

/**
 * What the user reads for each login failure `reason` of `LoginFailedError`. One table, typed over
 * every reason, so every page says the same thing for the same failure and a new reason cannot be
 * forgotten.
 */
export const LOGIN_REASON_MESSAGES: Readonly<Record<LoginFailureReason, string>> = {
  rate_limited: '操作太频繁，请稍后再试',
  timeout: '登录超时，请重试',
  network: '网络异常，请检查网络或服务器',
  login_blocked: '当前微信账号存在安全风险，暂时无法登录',
  wechat_unavailable: '微信服务繁忙，请稍后再试',
  unsupported_platform: '微信登录需要在微信小程序中使用，请在微信中打开',
  wx_login_failed: '微信登录失败，请重试',
  invalid_code: '登录凭证已失效，请重试',
  server_misconfigured: '服务器配置有误，请联系管理员',
  privacy_denied: '需要同意《隐私保护指引》后才能登录',
  invalid_response: '服务器返回异常，请稍后再试',
  invalid_request: '登录请求无效，请重试',
  service_unavailable: '服务暂时不可用，请稍后再试',
  internal_error: '服务器出错了，请稍后再试',
  backend_error: '登录失败，请稍后再试',
  web_auth_denied: '你已取消微信授权，如需登录请再次点击登录',
  web_state_missing: '登录链接已失效，请重新点击登录',
  web_state_mismatch: '登录校验失败，请重新点击登录',
  web_redirect_blocked: '登录已失效，请点击登录按钮重新登录',
  web_login_disabled: '服务器未开启微信网页登录，请联系管理员',
}

/** Backend `error` codes of the other endpoints (docs/api.md) that the pages can run into. */
export const BACKEND_ERROR_MESSAGES: Readonly<Record<string, string>> = {
  rate_limited: '操作太频繁，请稍后再试',
  invalid_nickname: '昵称需为 1–32 个字符',
  invalid_upload: '请选择一张图片',
  unsupported_image: '仅支持 PNG、JPEG 或 WebP 图片',
  payload_too_large: '图片不能超过 2 MB',
  invalid_phone_code: '手机号授权已失效，请重新授权',
  wechat_unavailable: '微信服务繁忙，请稍后再试',
  service_unavailable: '服务暂时不可用，请稍后再试',
}

const BY_CODE: Readonly<Record<AuthError['code'], string>> = {
  network: '网络异常，请检查网络或服务器',
  timeout: '请求超时，请重试',
  http: '服务器繁忙，请稍后再试',
  login_failed: '登录失败，请稍后再试',
  login_required: '请先登录',
  cancelled: '操作已取消',
  invalid_response: '服务器返回异常，请稍后再试',
  unsupported_platform: '微信登录需要在微信小程序中使用，请在微信中打开',
  storage: '本地存储已满，登录状态仅在本次使用期间有效',
}

const UNKNOWN = '出了点问题，请稍后再试'

function backendCode(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const code = (body as { error?: unknown }).error
  return typeof code === 'string' ? code : undefined
}

function loginFailedMessage(error: LoginFailedError): string {
  // NOTE: looked up defensively: a LoginFailedError built by untyped code may carry any string.
  const message = LOGIN_REASON_MESSAGES[error.reason] as string | undefined
  if (message === undefined) return BY_CODE.login_failed
  if (error.reason === 'rate_limited' && error.retryAfterSec !== undefined && error.retryAfterSec > 0) {
    return `操作太频繁，请 ${Math.ceil(error.retryAfterSec)} 秒后再试`
  }
  return message
}

function httpMessage(error: HttpError): string {
  const code = backendCode(error.body)
  const known = code === undefined ? undefined : BACKEND_ERROR_MESSAGES[code]
  if (known !== undefined) return known
  return error.status >= 500 ? `服务器繁忙，请稍后再试（HTTP ${error.status}）` : `请求失败（HTTP ${error.status}）`
}

/**
 * Turns anything a library call rejected with into one short Chinese sentence for a toast or an
 * inline error. Branches on the stable `code`/`reason`, never on message text; an unknown value
 * (a programming error) gets a generic sentence rather than its technical message.
 */
export function errorMessage(error: unknown): string {
  if (!isAuthError(error)) return UNKNOWN
  if (error instanceof LoginFailedError) return loginFailedMessage(error)
  if (error instanceof HttpError) return httpMessage(error)
  return BY_CODE[error.code]
}

/**
 * The error answers of each operation of docs/api.md, by status, with the `error` codes each status carries. The
 * OpenAPI document (openApiPlugin) lists them under every operation's responses; a test keeps this table, the routes
 * and docs/api.md's tables in step.
 */
export type ErrorAnswers = Readonly<Record<number, readonly string[]>>

/** What every endpoint may answer, whatever it does (docs/api.md, "Errors common to every endpoint"). */
export const COMMON_ERRORS: ErrorAnswers = {
  400: ['invalid_request'],
  404: ['not_found'],
  408: ['request_timeout'],
  413: ['payload_too_large'],
  415: ['unsupported_media_type'],
  431: ['header_too_large'],
  500: ['internal_error'],
  503: ['service_unavailable'],
}

/** What every (auth) endpoint adds: a missing, malformed, unknown or expired token. */
export const AUTH_ERRORS: ErrorAnswers = { 401: ['session_expired'] }

const LOGIN_ERRORS: ErrorAnswers = {
  401: ['invalid_code'],
  403: ['login_blocked'],
  429: ['rate_limited'],
  500: ['server_misconfigured'],
  503: ['wechat_unavailable'],
}

/** Each operation's own error answers, keyed `METHOD /path` as the routes declare them. */
export const OPERATION_ERRORS: Readonly<Record<string, { auth: boolean; errors: ErrorAnswers }>> = {
  'POST /api/auth/login': { auth: false, errors: LOGIN_ERRORS },
  'POST /api/auth/web-login': { auth: false, errors: { ...LOGIN_ERRORS, 501: ['web_login_disabled'] } },
  // Idempotent: whatever the token's state, 204.
  'POST /api/auth/logout': { auth: false, errors: {} },
  'POST /api/auth/logout-all': { auth: true, errors: {} },
  'GET /api/me': { auth: true, errors: {} },
  'PATCH /api/me': { auth: true, errors: { 400: ['invalid_nickname'] } },
  'PUT /api/me': { auth: true, errors: { 400: ['invalid_nickname'] } },
  'POST /api/me/avatar': {
    auth: true,
    errors: { 400: ['invalid_upload'], 415: ['unsupported_image'], 429: ['rate_limited'], 507: ['storage_full'] },
  },
  'POST /api/me/phone': { auth: true, errors: { 400: ['invalid_phone_code'], 500: ['server_misconfigured'], 503: ['wechat_unavailable'] } },
  'POST /api/wx/decrypt': {
    auth: true,
    errors: {
      400: ['bad_session_key', 'bad_iv', 'bad_base64', 'bad_padding', 'bad_json', 'data_too_large', 'wrong_appid', 'stale_watermark', 'bad_signature'],
    },
  },
  'GET /healthz': { auth: false, errors: {} },
}

/** The full error answers of one operation: the common ones, the (auth) one, and its own, merged by status. */
export function errorAnswersOf(operation: string): ErrorAnswers | undefined {
  const entry = OPERATION_ERRORS[operation]
  if (entry === undefined) return undefined
  const merged: Record<number, string[]> = {}
  for (const table of [COMMON_ERRORS, entry.auth ? AUTH_ERRORS : {}, entry.errors]) {
    for (const [status, codes] of Object.entries(table)) merged[Number(status)] = [...(merged[Number(status)] ?? []), ...codes]
  }
  return merged
}

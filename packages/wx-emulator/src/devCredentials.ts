/**
 * The appid the emulator, the reference server's dev preset and the demo app share in development.
 * It is not a real appid: real ones are `wx` followed by 16 hex digits, so it can never reach WeChat by mistake.
 */
export const DEV_APPID = 'wxdemo0000000000'

/**
 * The AppSecret paired with {@link DEV_APPID}. It is public on purpose: it only ever unlocks the emulator,
 * and its wording makes a production config that still carries it easy to spot.
 */
export const DEV_SECRET = 'dev-secret-not-for-production-00'

/**
 * The official account (公众号) appid of the dev preset, for the web OAuth login in WeChat's browser. Like
 * {@link DEV_APPID} it is not shaped like a real appid, so it can never reach WeChat.
 */
export const DEV_OA_APPID = 'wxdemooa00000000'

/** The AppSecret paired with {@link DEV_OA_APPID}; public on purpose, it only unlocks the emulator. */
export const DEV_OA_SECRET = 'dev-oa-secret-not-for-production'

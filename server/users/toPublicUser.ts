import type { Static } from '@sinclair/typebox'
import type { PublicUser } from '../schemas/common'
import type { UserRecord } from '../stores/userStore'
import { wechatAvatarUrl } from './wechatAvatarUrl'

/** Turns a stored avatar path (`/uploads/<name>`) into the URL clients get. */
export type AvatarUrlOf = (avatarPath: string) => string

/**
 * Builds {@link AvatarUrlOf}: on PUBLIC_URL when it is set (required in production), else on the address this
 * server listens on, else (not listening, e.g. `inject()`) relative. Never on the request's Host or
 * X-Forwarded-Host header: a client must not be able to make the server hand out URLs to another site.
 * An avatar that is already absolute (the WeChat avatar from the web login's user info) is handed out only when it
 * is on WeChat's avatar hosts.
 */
export function avatarUrlBuilder(publicUrl: string | undefined, listeningOrigin: () => string | undefined): AvatarUrlOf {
  return (avatarPath) => {
    if (avatarPath === '') return avatarPath
    // Absolute: a WeChat avatar from the web login. Checked again on the way out, for records stored before the
    // host check existed.
    if (/^[a-z][a-z0-9+.-]*:/i.test(avatarPath)) return wechatAvatarUrl(avatarPath) ?? ''
    return `${publicUrl ?? listeningOrigin() ?? ''}${avatarPath}`
  }
}

/** Turns a stored user into the client-facing user object of docs/api.md. */
export function toPublicUser(user: UserRecord, avatarUrl: AvatarUrlOf): Static<typeof PublicUser> {
  const out: Static<typeof PublicUser> = {
    id: user.id,
    // A user known only from the official account has no mini-program openid; they are named by the web one.
    openid: user.openid !== '' ? user.openid : (user.webOpenid ?? ''),
    nickname: user.nickname,
    avatarUrl: avatarUrl(user.avatarPath),
    createdAt: user.createdAt,
  }
  if (user.webOpenid !== undefined) out.webOpenid = user.webOpenid
  if (user.unionid !== undefined) out.unionid = user.unionid
  if (user.phoneNumber !== undefined) out.phoneNumber = user.phoneNumber
  if (user.countryCode !== undefined) out.countryCode = user.countryCode
  return out
}

import type { Static } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import type { PublicUser } from '../schemas/common'
import type { UserRecord } from '../stores/userStore'

/**
 * The origin that absolute URLs (avatars) are built on: PUBLIC_URL when configured, else the origin the request
 * came to (which is only right when the server is reached directly or the proxy is trusted).
 */
export function publicOrigin(request: FastifyRequest, publicUrl: string | undefined): string {
  return publicUrl ?? `${request.protocol}://${request.host}`
}

/** Turns a stored user into the client-facing user object of docs/api.md. */
export function toPublicUser(user: UserRecord, origin: string): Static<typeof PublicUser> {
  const out: Static<typeof PublicUser> = {
    id: user.id,
    // A user known only from the official account has no mini-program openid; they are named by the web one.
    openid: user.openid !== '' ? user.openid : (user.webOpenid ?? ''),
    nickname: user.nickname,
    // Uploads are stored relative; a WeChat avatar from the web login's user info is already absolute.
    avatarUrl: user.avatarPath === '' ? '' : /^https?:\/\//.test(user.avatarPath) ? user.avatarPath : `${origin}${user.avatarPath}`,
    createdAt: user.createdAt,
  }
  if (user.webOpenid !== undefined) out.webOpenid = user.webOpenid
  if (user.unionid !== undefined) out.unionid = user.unionid
  if (user.phoneNumber !== undefined) out.phoneNumber = user.phoneNumber
  if (user.countryCode !== undefined) out.countryCode = user.countryCode
  return out
}

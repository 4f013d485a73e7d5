import { Type } from '@sinclair/typebox'

/** Every error body: a stable machine code and a message for people. */
export const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() }, { $id: 'ErrorBody' })

/**
 * The user as clients see it. Response serialization only writes the fields listed here, so internal fields
 * (and anything like a session_key) cannot leak even if a handler returns them by mistake.
 */
export const PublicUser = Type.Object({
  id: Type.String(),
  openid: Type.String(),
  webOpenid: Type.Optional(Type.String()),
  unionid: Type.Optional(Type.String()),
  nickname: Type.String(),
  avatarUrl: Type.String(),
  phoneNumber: Type.Optional(Type.String()),
  countryCode: Type.Optional(Type.String()),
  createdAt: Type.Number(),
})

/** `{ user }`, the answer of every profile endpoint. */
export const UserResponse = Type.Object({ user: PublicUser })

/** Error statuses every route may answer with, so their bodies are serialized with {@link ErrorBody}. */
export const commonErrors = {
  400: ErrorBody,
  401: ErrorBody,
  404: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
  429: ErrorBody,
  500: ErrorBody,
  503: ErrorBody,
  507: ErrorBody,
} as const

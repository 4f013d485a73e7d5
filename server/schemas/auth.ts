import { Type } from '@sinclair/typebox'
import { commonErrors, ErrorBody, PublicUser } from './common'

/** `POST /api/auth/login` body: the wx.login code. */
export const LoginBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false })

/** `POST /api/auth/login` route schema. */
export const loginSchema = {
  body: LoginBody,
  response: {
    200: Type.Object({ token: Type.String(), expiresAt: Type.Number(), user: PublicUser }),
    403: ErrorBody,
    ...commonErrors,
  },
}

/** `POST /api/auth/logout` and `/logout-all` route schema: no body, 204. */
export const logoutSchema = {
  response: { 204: Type.Null(), ...commonErrors },
}

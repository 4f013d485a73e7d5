import { Type } from '@sinclair/typebox'
import { commonErrors, ErrorBody, PublicUser } from './common'

/** `POST /api/auth/web-login` body: the code WeChat's OAuth redirect handed the page. */
export const WebLoginBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false })

/**
 * `POST /api/auth/web-login` route schema: the same answer as `/api/auth/login`. The serializer writes only these
 * fields, so the web access token (which the handler never returns anyway) cannot leave the server.
 */
export const webLoginSchema = {
  body: WebLoginBody,
  response: {
    200: Type.Object({ token: Type.String(), expiresAt: Type.Number(), user: PublicUser }),
    403: ErrorBody,
    501: ErrorBody,
    ...commonErrors,
  },
}

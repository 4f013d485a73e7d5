import { Type } from '@sinclair/typebox'
import { commonErrors, UserResponse } from './common'

/**
 * `PATCH`/`PUT /api/me` body. The nickname rules (length, characters) are checked in the route, so that any string
 * breaking them, however long, gets `invalid_nickname`; the JSON body limit bounds its size.
 */
export const NicknameBody = Type.Object({ nickname: Type.String() }, { additionalProperties: false })

/** `GET /api/me` route schema. */
export const getMeSchema = { response: { 200: UserResponse, ...commonErrors } }

/** `PATCH`/`PUT /api/me` route schema. */
export const updateMeSchema = { body: NicknameBody, response: { 200: UserResponse, ...commonErrors } }

/** `POST /api/me/phone` body: the getPhoneNumber dynamic code. */
export const PhoneBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false })

/** `POST /api/me/phone` route schema. */
export const phoneSchema = { body: PhoneBody, response: { 200: UserResponse, ...commonErrors } }

/** `POST /api/me/avatar` route schema (the multipart body is read by hand). */
export const avatarSchema = { response: { 200: UserResponse, ...commonErrors } }

import { Type } from '@sinclair/typebox'
import { commonErrors } from './common'

/** `POST /api/wx/decrypt` body. Sizes are generous bounds, not WeChat limits. */
export const DecryptBody = Type.Object(
  {
    encryptedData: Type.String({ maxLength: 32_768 }),
    iv: Type.String({ maxLength: 64 }),
    rawData: Type.Optional(Type.String({ maxLength: 16_384 })),
    signature: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { additionalProperties: false },
)

/** `POST /api/wx/decrypt` route schema; the decrypted object is passed through as is. */
export const decryptSchema = {
  body: DecryptBody,
  response: {
    200: Type.Object({ data: Type.Object({}, { additionalProperties: true }) }),
    ...commonErrors,
  },
}

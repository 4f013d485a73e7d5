import { Type } from '@sinclair/typebox'
import type { Static } from '@sinclair/typebox'
import { WX_APIS } from '../emulatorStats'

const Identifier = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'openid or unionid' })
const strict = { additionalProperties: false } as const

/** `POST /__emulator/login-code` body. */
export const LoginCodeBody = Type.Object(
  {
    openid: Type.Optional(Identifier),
    unionid: Type.Optional(Identifier),
    sessionKey: Type.Optional(Type.String({ maxLength: 64 })),
    /** Issue a code that is already past its five minutes (WeChat answers it 40029). */
    expired: Type.Optional(Type.Boolean()),
  },
  strict,
)
export type LoginCodeBody = Static<typeof LoginCodeBody>

/** `POST /__emulator/oauth-code` body. */
export const OauthCodeBody = Type.Object(
  {
    openid: Type.Optional(Identifier),
    unionid: Type.Optional(Identifier),
    scope: Type.Optional(Type.Union([Type.Literal('snsapi_base'), Type.Literal('snsapi_userinfo')])),
    nickname: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    headimgurl: Type.Optional(Type.String({ pattern: '^https://', maxLength: 500 })),
    /** Issue a code that is already past its five minutes (WeChat answers it 40029). */
    expired: Type.Optional(Type.Boolean()),
  },
  strict,
)
export type OauthCodeBody = Static<typeof OauthCodeBody>

/** `POST /__emulator/phone-code` body. */
export const PhoneCodeBody = Type.Object(
  {
    openid: Type.Optional(Identifier),
    phoneNumber: Type.Optional(Type.String({ pattern: '^[0-9]{5,20}$' })),
    countryCode: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$' })),
    countryCodeAsString: Type.Optional(Type.Boolean()),
  },
  strict,
)
export type PhoneCodeBody = Static<typeof PhoneCodeBody>

/** `POST /__emulator/encrypt` body: `data` is any JSON object. */
export const EncryptBody = Type.Object(
  { openid: Identifier, data: Type.Record(Type.String(), Type.Unknown()) },
  strict,
)
export type EncryptBody = Static<typeof EncryptBody>

/** `POST /__emulator/expire-session-key` body. */
export const OpenidBody = Type.Object({ openid: Identifier }, strict)
export type OpenidBody = Static<typeof OpenidBody>

/** `POST /__emulator/faults` body; the cross-field rules live in the route. */
export const FaultBody = Type.Object(
  {
    api: Type.Union([...WX_APIS.map((api) => Type.Literal(api)), Type.Literal('*')]),
    errcode: Type.Optional(Type.Integer({ minimum: -1, maximum: 99_999_999 })),
    errmsg: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
    hang: Type.Optional(Type.Boolean()),
    times: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  strict,
)
export type FaultBody = Static<typeof FaultBody>

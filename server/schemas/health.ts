import { Type } from '@sinclair/typebox'

const HealthBody = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  store: Type.Union([Type.Literal('memory'), Type.Literal('redis')]),
  redis: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('down')])),
})

/** `GET /readyz` (and its alias `GET /healthz`) route schema. */
export const healthSchema = { response: { 200: HealthBody, 503: HealthBody } }

/** `GET /livez` route schema. */
export const livenessSchema = { response: { 200: Type.Object({ status: Type.Literal('ok') }) } }

import { Type } from '@sinclair/typebox'
import { commonErrors } from './common'

/** `GET /__dev/stats` route schema: counters since start-up plus current store sizes. */
export const devStatsSchema = {
  response: {
    200: Type.Object({
      logins: Type.Integer(),
      code2SessionCalls: Type.Integer(),
      phoneCalls: Type.Integer(),
      accessTokenFetches: Type.Integer(),
      sessionsAlive: Type.Integer(),
      users: Type.Integer(),
    }),
    ...commonErrors,
  },
}

/** `DELETE /__dev/sessions` route schema. */
export const devDropSessionsSchema = { response: { 204: Type.Null(), ...commonErrors } }

/** `GET /__dev/requests` route schema: per probe name, requests received and how many carried Authorization. */
export const devRequestsSchema = {
  response: {
    200: Type.Object({
      probes: Type.Record(Type.String(), Type.Object({ received: Type.Integer(), withAuthorization: Type.Integer() })),
    }),
    ...commonErrors,
  },
}

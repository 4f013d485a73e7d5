import swagger from '@fastify/swagger'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { errorAnswersOf } from './errorAnswers'

/** Where a development server serves the contract. */
export const OPENAPI_PATH = '/api/openapi.json'

/** Only the contract of docs/api.md is documented: the API and the health check, not the emulator or dev tooling. */
function isContractRoute(url: string): boolean {
  return (url.startsWith('/api/') && url !== OPENAPI_PATH) || url === '/healthz'
}

/** An error answer as the document lists it: the shared body, with `error` limited to the codes of that status. */
function errorResponse(status: number, codes: readonly string[]): Record<string, unknown> {
  return {
    description: `${codes.map((code) => `\`${code}\``).join(', ')}`,
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['error', 'message'],
          properties: { error: { type: 'string', enum: [...codes] }, message: { type: 'string' } },
        },
      },
    },
  }
}

async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'wx-login-state reference backend',
        version: '1',
        description:
          'The HTTP contract of docs/api.md, generated from the route schemas. Every error is `{ error, message }`; clients branch on `error`.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The opaque session token of a login answer' } },
      },
    },
    transform: ({ schema, url, route }) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      if (!isContractRoute(url) || methods.every((m) => m === 'HEAD' || m === 'OPTIONS')) return { schema: { ...schema, hide: true }, url }
      return { schema, url }
    },
    transformObject: (documentObject) => {
      const document = 'openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject
      for (const [path, item] of Object.entries((document as { paths?: Record<string, Record<string, unknown>> }).paths ?? {})) {
        for (const [method, operation] of Object.entries(item)) {
          const errors = errorAnswersOf(`${method.toUpperCase()} ${path}`)
          if (errors === undefined || typeof operation !== 'object' || operation === null) continue
          const op = operation as { responses?: Record<string, unknown>; security?: unknown }
          const responses: Record<string, unknown> = {}
          // Success answers as the route declares them; every error answer from the table, so both stay in one order.
          for (const [status, response] of Object.entries(op.responses ?? {})) if (Number(status) < 400) responses[status] = response
          for (const [status, codes] of Object.entries(errors)) responses[status] = errorResponse(Number(status), codes)
          op.responses = responses
          if ('401' in errors && errors[401]?.includes('session_expired') === true) op.security = [{ bearer: [] }]
        }
      }
      return document
    },
  })
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger())
}

/**
 * Documents the routes registered after it as an OpenAPI 3.1 document (`app.swagger()`), served at
 * {@link OPENAPI_PATH} outside production: the route schemas give the bodies and success answers, the table of
 * errorAnswers.ts every operation's error answers with their `error` codes. docs/openapi.json is this document,
 * committed (`npm run docs:openapi`); a test fails when they drift.
 */
export const openApiPlugin: FastifyPluginAsync = Object.assign(registerOpenApi, {
  // Not encapsulated: the document must see the routes registered beside it.
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'openapi',
})

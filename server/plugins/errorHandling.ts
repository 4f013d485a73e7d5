import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ApiError, ServiceUnavailableError } from '../errors'
import type { ApiErrorCode } from '../errors'
import type { OutageLog } from '../logging/outageLog'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Marks the multipart upload route: a non-multipart body there is `invalid_upload`, not a 415. */
    upload?: boolean
  }
}

/** Fastify and plugin error codes whose status maps onto one of our client-error codes. */
const CLIENT_ERRORS: Record<number, ApiErrorCode> = {
  400: 'invalid_request',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
}

function fastifyStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const status = (error as Partial<FastifyError>).statusCode
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined
}

/** Converts anything thrown in a request into the ApiError we answer with. */
function toApiError(error: unknown, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error
  const fastifyError = error as Partial<FastifyError>
  if (fastifyError.validation !== undefined) {
    // ajv's message names the field and the rule ("body must have required property 'code'"); it echoes no values.
    return new ApiError(400, 'invalid_request', fastifyError.message ?? 'Invalid request')
  }
  const status = fastifyStatus(error)
  if (status === undefined) return new ApiError(500, 'internal_error', 'Internal server error')
  // @fastify/static answers a directory (`/uploads/`) or a dot file with 403; for clients there is nothing there.
  if (status === 403) return new ApiError(404, 'not_found', 'Not found')
  if (status === 415 && request.routeOptions.config.upload === true) {
    return new ApiError(400, 'invalid_upload', 'Send the image as multipart/form-data with a field named "file"')
  }
  const code = CLIENT_ERRORS[status] ?? 'invalid_request'
  return new ApiError(status, code, clientMessage(code, fastifyError.message))
}

function clientMessage(code: ApiErrorCode, original: string | undefined): string {
  switch (code) {
    case 'payload_too_large':
      return 'The request body is too large'
    case 'unsupported_media_type':
      return 'Unsupported content type; send application/json'
    case 'not_found':
      return 'Not found'
    default:
      // Fastify's own 4xx messages ("Body cannot be empty when content-type is set to 'application/json'") are
      // safe and useful; cap their length in case one echoes input.
      return (original ?? 'Invalid request').slice(0, 200)
  }
}

function send(reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.retryAfterSec !== undefined) void reply.header('retry-after', String(error.retryAfterSec))
  // Refused before its body was read (no session, rate limited): close rather than wait for a body that a slow
  // or hostile client may never finish, which would hold the connection until the request timeout.
  if (!reply.request.raw.complete) void reply.header('connection', 'close')
  return reply.code(error.statusCode).send({ error: error.code, message: error.message })
}

/**
 * Installs the one error handler and the 404 handler, so every failure anywhere (validation, body parsing,
 * plugins, our own ApiErrors, bugs) is answered `{ error, message }`. 5xx answers never carry details: the
 * original error goes to the log (through the redacting serializers) and the client gets a fixed message.
 * A store outage (ServiceUnavailableError) is reported to `outages`, which logs it once, not once per request.
 * `onAnswer`, when given, sees every error answer before it is sent (the metrics count them).
 */
export function installErrorHandling(
  app: FastifyInstance,
  outages: OutageLog,
  onAnswer?: (request: FastifyRequest, error: ApiError) => void,
): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    const apiError = toApiError(error, request)
    onAnswer?.(request, apiError)
    if (error instanceof ServiceUnavailableError) {
      outages.failure(error.cause, { reqId: request.id })
    } else if (apiError.statusCode >= 500) {
      // ApiErrors (503 store down, wechat_unavailable) are expected operational events; other 5xx are bugs.
      const cause = error instanceof ApiError ? error.cause : error
      const level = error instanceof ApiError ? 'warn' : 'error'
      request.log[level]({ err: cause, error: apiError.code }, 'request failed')
    }
    return send(reply, apiError)
  })
  app.setNotFoundHandler((request, reply) => {
    const path = (request.url.split('?')[0] ?? '').slice(0, 200)
    return send(reply, new ApiError(404, 'not_found', `No route ${request.method} ${path}`))
  })
}

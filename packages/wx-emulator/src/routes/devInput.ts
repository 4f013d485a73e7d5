import type { Static, TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/** A dev-endpoint input problem; the dev routes answer it as `{ error, message }` with its status. */
export class DevInputError extends Error {
  override readonly name = 'DevInputError'
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Validates a dev-endpoint body against its schema without coercion (independent of the host app's Ajv
 * settings) and throws a {@link DevInputError} naming the first offending field. A missing body counts as `{}`,
 * so endpoints whose fields are all optional can be called with a bare POST.
 */
export function parseDevBody<T extends TSchema>(schema: T, body: unknown): Static<T> {
  const value: unknown = body ?? {}
  if (Value.Check(schema, value)) return value
  const first = Value.Errors(schema, value).First()
  const where = first === undefined || first.path === '' ? 'body' : `body${first.path.replaceAll('/', '.')}`
  throw new DevInputError(400, 'invalid_request', `${where}: ${first?.message ?? 'invalid value'}`)
}

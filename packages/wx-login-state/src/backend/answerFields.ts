import { InvalidResponseError } from '../errors'
import type { AnswerField, BackendAnswer } from './types'

/**
 * Reads `field` from `answer`; `undefined` when it is absent (or `null`). A dotted path walks the JSON
 * body, `{ header }` reads a response header.
 */
export function readField(answer: BackendAnswer, field: AnswerField): unknown {
  if (typeof field !== 'string') return answer.headers[field.header.toLowerCase()]
  let value: unknown = answer.data
  for (const key of field.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value === null ? undefined : value
}

/** The field's name for messages: `data.access_token`, or `header x-token`. */
export function fieldName(field: AnswerField): string {
  return typeof field === 'string' ? field : `header ${field.header.toLowerCase()}`
}

/** Reads a token-like string; throws an `InvalidResponseError` naming the field when it is missing or not header-safe. */
export function readToken(answer: BackendAnswer, field: AnswerField, where: string): string {
  const value = readField(answer, field)
  if (value === undefined || value === '') throw new InvalidResponseError(`${where}: ${fieldName(field)} is missing`)
  // Header-safe characters only: the token goes into a header verbatim.
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,2048}$/.test(value)) {
    throw new InvalidResponseError(`${where}: ${fieldName(field)} is not a printable token`)
  }
  return value
}

/**
 * Reads a non-negative number (a JSON number, or digits in a string as headers carry them); throws an
 * `InvalidResponseError` naming the field when it is missing or not such a number.
 */
export function readNumber(answer: BackendAnswer, field: AnswerField, where: string): number {
  const raw = readField(answer, field)
  if (raw === undefined) throw new InvalidResponseError(`${where}: ${fieldName(field)} is missing`)
  const n = typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw new InvalidResponseError(`${where}: ${fieldName(field)} is not a non-negative number`)
  }
  return n
}

import type { BackendAnswer } from '../types'

/**
 * The business code a JSON body carries under `key` (`code`, `errno`, …) as a number, or `undefined`
 * when the body has none: the common shape `{ code, msg, data }` of Chinese admin backends.
 */
export function bodyCode(answer: BackendAnswer, key = 'code'): number | undefined {
  const data = answer.data
  const raw = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined
  const n = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined
}

import { InvalidResponseError } from '../errors'
import { fieldName, readField, readNumber } from './answerFields'
import type { BackendAnswer, ExpiryRule } from './types'

/**
 * The absolute expiry in ms since the epoch that `rule` reads from `answer` (a function rule may read
 * `token` too), or `null` when the rule is `'unknown'`. Throws an `InvalidResponseError` naming the field.
 * Only `defineBackend()` compiles rules with it, so an app on the reference contract does not carry it.
 */
export function readExpiry(answer: BackendAnswer, rule: ExpiryRule, token: string, now: number, where: string): number | null {
  if (rule === 'unknown') return null
  if (typeof rule === 'function') return rule({ answer, token, now, where })
  const field = 'at' in rule ? rule.at : rule.in
  if (rule.unit === 'date') {
    const raw = readField(answer, field)
    if (raw === undefined) throw new InvalidResponseError(`${where}: ${fieldName(field)} is missing`)
    const ms = typeof raw === 'string' ? Date.parse(raw) : NaN
    if (!Number.isFinite(ms)) throw new InvalidResponseError(`${where}: ${fieldName(field)} is not a date`)
    return ms
  }
  const n = readNumber(answer, field, where)
  const ms = rule.unit === 's' ? n * 1000 : n
  return 'at' in rule ? ms : now + ms
}

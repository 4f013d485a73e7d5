import type { ExpiryContext } from '../request/types'
import type { InterceptedSuccess } from '../platform/types'

/**
 * What `isSessionExpired` sees for an intercepted answer: the same `{ status, data, headers }` as for
 * `auth.http`, with lower-cased header names, and an upload's string body parsed when it is JSON
 * (`uploadFile` never parses it), so that one predicate serves every way in.
 */
export function expiryContextOf(result: InterceptedSuccess): ExpiryContext {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(result.header ?? {})) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return { status: Number(result.statusCode), data: parseIfJSON(result.data), headers }
}

function parseIfJSON(data: unknown): unknown {
  if (typeof data !== 'string') return data
  const text = data.trim()
  if (!/^[[{]/.test(text)) return data
  try {
    return JSON.parse(text) as unknown
  } catch {
    return data
  }
}

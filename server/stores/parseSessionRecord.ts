import type { SessionRecord } from './sessionStore'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Parses a stored session JSON string back into a SessionRecord, or returns undefined when it is not one
 * (corrupted or written by an incompatible version): such a session is treated as unknown, so its holder logs in
 * again instead of getting a 500.
 */
export function parseSessionRecord(raw: string): SessionRecord | undefined {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return undefined
  }
  if (!isRecord(value)) return undefined
  const { userId, openid, unionid, sessionKey, createdAt, expiresAt, idleExpiresAt } = value
  if (typeof userId !== 'string' || typeof openid !== 'string' || typeof sessionKey !== 'string') return undefined
  if (typeof createdAt !== 'number' || typeof expiresAt !== 'number' || typeof idleExpiresAt !== 'number') return undefined
  if (unionid !== undefined && typeof unionid !== 'string') return undefined
  const record: SessionRecord = { userId, openid, sessionKey, createdAt, expiresAt, idleExpiresAt }
  if (unionid !== undefined) record.unionid = unionid
  return record
}

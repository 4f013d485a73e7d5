import type { SessionRecord, TouchPolicy } from './sessionStore'

/** What {@link slideSession} decided for one authenticated request. */
export type SlideDecision = { ended: true; reason: 'idle' | 'absolute' } | { ended: false; record: SessionRecord; write: boolean }

/**
 * The touch rules as a pure function, for the stores that run them in JavaScript (the Redis store runs the same
 * rules inside its Lua script, and the contract suite holds both to them): a session at or past its idle deadline
 * or its cap has ended; otherwise its idle deadline becomes `now + idleTtlMs`, capped at `expiresAt`, and it is
 * written only when that moves the deadline by at least `minSlideMs`.
 */
export function slideSession(record: SessionRecord, policy: TouchPolicy): SlideDecision {
  const { now, idleTtlMs, minSlideMs } = policy
  if (now >= record.expiresAt) return { ended: true, reason: 'absolute' }
  if (now >= record.idleExpiresAt) return { ended: true, reason: 'idle' }
  const target = Math.min(now + idleTtlMs, record.expiresAt)
  if (target - record.idleExpiresAt < Math.max(minSlideMs, 1)) return { ended: false, record: { ...record }, write: false }
  return { ended: false, record: { ...record, idleExpiresAt: target }, write: true }
}

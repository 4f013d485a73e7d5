import { describe, expect, it } from 'vitest'
import { SessionService } from '../../../server/sessions/sessionService'
import { hashToken } from '../../../server/sessions/tokens'
import { MemorySessionStore } from '../../../server/stores/memorySessionStore'
import { manualClock } from '../helpers/testServer'

const MINUTE = 60_000
const owner = { userId: 'u_1', openid: 'o_1', sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==' }

function setup(idleTtlMs = 10 * MINUTE, maxAgeMs = 60 * MINUTE) {
  const clock = manualClock()
  const store = new MemorySessionStore()
  const sessions = new SessionService({ store, idleTtlMs, maxAgeMs, now: clock.now })
  return { clock, store, sessions }
}

describe('SessionService', () => {
  it('issues a 43-character base64url token and stores only its sha256 hash', async () => {
    const { store, sessions } = setup()
    const { token } = await sessions.issue(owner)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(token, 'base64url')).toHaveLength(32)
    expect(await store.get(token)).toBeUndefined()
    expect(await store.get(hashToken(token))).toMatchObject({ userId: 'u_1', sessionKey: owner.sessionKey })
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('issues a different token every time', async () => {
    const { sessions } = setup()
    const tokens = new Set<string>()
    for (let i = 0; i < 50; i++) tokens.add((await sessions.issue(owner)).token)
    expect(tokens.size).toBe(50)
  })

  it('ends a session left idle longer than the idle TTL', async () => {
    const { clock, sessions } = setup()
    const { token } = await sessions.issue(owner)
    clock.advance(10 * MINUTE)
    expect(await sessions.authenticate(token)).toBeUndefined()
  })

  it('slides the idle deadline on every use', async () => {
    const { clock, sessions } = setup()
    const { token } = await sessions.issue(owner)
    for (let i = 0; i < 5; i++) {
      clock.advance(9 * MINUTE)
      expect(await sessions.authenticate(token)).toBeDefined()
    }
    // 45 minutes in, well past one idle TTL, the session lives because it was used.
    clock.advance(9 * MINUTE + 59_999)
    expect(await sessions.authenticate(token)).toBeDefined()
  })

  it('holds the absolute cap however busy the session is', async () => {
    const { clock, sessions } = setup()
    const { token, expiresAt } = await sessions.issue(owner)
    expect(expiresAt).toBe(clock.now() + 60 * MINUTE)
    for (let i = 0; i < 11; i++) {
      clock.advance(5 * MINUTE)
      expect(await sessions.authenticate(token)).toBeDefined()
    }
    clock.advance(5 * MINUTE)
    expect(await sessions.authenticate(token)).toBeUndefined()
  })

  it('never slides the idle deadline past the cap', async () => {
    const { clock, sessions } = setup()
    const { token, expiresAt } = await sessions.issue(owner)
    for (let i = 0; i < 11; i++) {
      clock.advance(5 * MINUTE)
      await sessions.authenticate(token)
    }
    // 55 minutes in: now + idle TTL would be 65 minutes, past the 60-minute cap.
    const active = await sessions.authenticate(token)
    expect(active?.record.idleExpiresAt).toBe(expiresAt)
  })

  it('deletes a dead session it finds', async () => {
    const { clock, store, sessions } = setup()
    const { token } = await sessions.issue(owner)
    clock.advance(11 * MINUTE)
    await sessions.authenticate(token)
    expect(await store.get(hashToken(token))).toBeUndefined()
  })

  it('revokes one session, idempotently', async () => {
    const { sessions } = setup()
    const a = await sessions.issue(owner)
    const b = await sessions.issue(owner)
    await sessions.revoke(a.token)
    await sessions.revoke(a.token)
    expect(await sessions.authenticate(a.token)).toBeUndefined()
    expect(await sessions.authenticate(b.token)).toBeDefined()
  })

  it('revokes every session of a user', async () => {
    const { sessions } = setup()
    const mine = [await sessions.issue(owner), await sessions.issue(owner)]
    const theirs = await sessions.issue({ ...owner, userId: 'u_2' })
    expect(await sessions.revokeAllForUser('u_1')).toBe(2)
    for (const s of mine) expect(await sessions.authenticate(s.token)).toBeUndefined()
    expect(await sessions.authenticate(theirs.token)).toBeDefined()
  })
})

import { describe, expect, it } from 'vitest'
import { SessionService } from '../../../server/sessions/sessionService'
import { hashToken, locateToken } from '../../../server/sessions/tokens'
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
  it("issues '<user tag>.<32 random bytes>' tokens and stores only their sha256 hash", async () => {
    const { store, sessions } = setup()
    const { token } = await sessions.issue(owner)
    const [tag = '', secret = ''] = token.split('.')
    expect(tag).toBe(await store.tagFor(owner.userId))
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32)
    expect(await store.get({ tag, hash: token })).toBeUndefined()
    expect(await store.get({ tag, hash: hashToken(token) })).toMatchObject({ userId: 'u_1', sessionKey: owner.sessionKey })
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/)
  })

  it("gives every token of a user the user's tag, and no part of the user id or openid", async () => {
    const { sessions } = setup()
    const me = { ...owner, userId: 'u_Q2xhcmFEZXZpY2VVc2Vy', openid: 'oQ2xhcmFEZXZpY2VPcGVuaWQ' }
    const a = await sessions.issue(me)
    const b = await sessions.issue(me)
    const other = await sessions.issue({ ...owner, userId: 'u_2', openid: 'o_2' })
    expect(a.token.slice(0, 13)).toBe(b.token.slice(0, 13))
    expect(other.token.slice(0, 12)).not.toBe(a.token.slice(0, 12))
    for (const { token } of [a, b]) {
      // Long fragments: a random token cannot contain them by chance.
      expect(token).not.toContain(me.userId.slice(2, 12))
      expect(token).not.toContain(me.openid.slice(1, 11))
    }
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

  it('writes the slid deadline only when it moves by at least minSlideMs (1% of the idle TTL by default)', async () => {
    const { clock, store, sessions } = setup()
    const { token, record } = await sessions.issue(owner)
    const at = locateToken(token)
    if (at === undefined) throw new Error('no locator')
    clock.advance(5_999)
    expect((await sessions.authenticate(token))?.record.idleExpiresAt).toBe(record.idleExpiresAt)
    expect((await store.get(at))?.idleExpiresAt).toBe(record.idleExpiresAt)
    clock.advance(1)
    expect((await sessions.authenticate(token))?.record.idleExpiresAt).toBe(clock.now() + 10 * MINUTE)
    expect((await store.get(at))?.idleExpiresAt).toBe(clock.now() + 10 * MINUTE)
  })

  it('slides the idle deadline on use', async () => {
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
    expect(await store.get({ tag: token.slice(0, 12), hash: hashToken(token) })).toBeUndefined()
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

import { describe, expect, it } from 'vitest'
import type { SessionLocator, SessionRecord, SessionStore, TouchPolicy } from '../../../server/stores/sessionStore'
import type { UserStore } from '../../../server/stores/userStore'

/** A fresh, empty session store and the user store its `touch` reads users from; `dispose` releases them. */
export interface StoreFixture {
  store: SessionStore
  users: UserStore
  dispose?: () => Promise<void>
}

function record(userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    userId,
    openid: `o_${userId}`,
    sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==',
    createdAt: 1000,
    expiresAt: 10_000,
    idleExpiresAt: 5000,
    ...overrides,
  }
}

const HOUR = 3_600_000
let counter = 0

/** A locator in the user's slot with a fresh 64-hex-character hash. */
async function locator(store: SessionStore, userId: string): Promise<SessionLocator> {
  counter++
  return { tag: await store.tagFor(userId), hash: counter.toString(16).padStart(64, '0') }
}

const policy = (now: number, overrides: Partial<TouchPolicy> = {}): TouchPolicy => ({ now, idleTtlMs: 4000, minSlideMs: 100, ...overrides })

/**
 * The behaviour every SessionStore must have, run against each implementation (memory, one Redis, a Redis
 * Cluster), so they cannot drift apart. Call it inside a describe of the implementation's spec file.
 */
export function sessionStoreContract(name: string, fresh: () => Promise<StoreFixture>): void {
  async function withStore(run: (store: SessionStore, users: UserStore) => Promise<void>): Promise<void> {
    const fixture = await fresh()
    try {
      await run(fixture.store, fixture.users)
    } finally {
      await fixture.dispose?.()
    }
  }

  describe(`${name} (SessionStore contract)`, () => {
    it('gives every session of a user the same 12-character tag, and another user another one', () =>
      withStore(async (store) => {
        const tag = await store.tagFor('u1')
        expect(tag).toMatch(/^[A-Za-z0-9_-]{12}$/)
        expect(await store.tagFor('u1')).toBe(tag)
        expect(await store.tagFor('u2')).not.toBe(tag)
      }))

    it('keeps a user\'s tag for good: after logout-all and after the last session is gone, as on every store', () =>
      withStore(async (store) => {
        const first = await locator(store, 'carol')
        await store.create(first, record('carol'), HOUR)
        await store.deleteAllForUser('carol')
        const again = await locator(store, 'carol')
        expect(again.tag).toBe(first.tag)
        await store.create(again, record('carol'), HOUR)
        await store.delete(again)
        expect(await store.tagFor('carol')).toBe(first.tag)
      }))

    it('returns what was created, unionid included', () =>
      withStore(async (store) => {
        const r = record('u1', { unionid: 'un1' })
        const at = await locator(store, 'u1')
        await store.create(at, r, HOUR)
        expect(await store.get(at)).toEqual(r)
      }))

    it('returns undefined for an unknown hash', () =>
      withStore(async (store) => {
        expect(await store.get(await locator(store, 'u1'))).toBeUndefined()
      }))

    it('hands out copies: mutating a returned record does not change the stored one', () =>
      withStore(async (store) => {
        const at = await locator(store, 'u1')
        await store.create(at, record('u1'), HOUR)
        const got = await store.get(at)
        if (got !== undefined) got.userId = 'mallory'
        expect((await store.get(at))?.userId).toBe('u1')
      }))

    it('touch returns the session with its user and slides the idle deadline', () =>
      withStore(async (store, users) => {
        const user = await users.upsertByOpenid({ openid: 'o_touch' }, 1)
        const at = await locator(store, user.id)
        await store.create(at, record(user.id), HOUR)
        const result = await store.touch(at, policy(2000))
        expect(result).toEqual({ state: 'active', record: record(user.id, { idleExpiresAt: 6000 }), user })
        expect((await store.get(at))?.idleExpiresAt).toBe(6000)
      }))

    it('touch skips the write when the deadline would move by less than minSlideMs', () =>
      withStore(async (store, users) => {
        const user = await users.upsertByOpenid({ openid: 'o_touch' }, 1)
        const at = await locator(store, user.id)
        await store.create(at, record(user.id), HOUR)
        const result = await store.touch(at, policy(1050, { minSlideMs: 100 }))
        expect(result.state === 'active' && result.record.idleExpiresAt).toBe(5000)
        expect((await store.get(at))?.idleExpiresAt).toBe(5000)
        await store.touch(at, policy(1100, { minSlideMs: 100 }))
        expect((await store.get(at))?.idleExpiresAt).toBe(5100)
      }))

    it('touch never slides the idle deadline past the cap', () =>
      withStore(async (store, users) => {
        const user = await users.upsertByOpenid({ openid: 'o_touch' }, 1)
        const at = await locator(store, user.id)
        await store.create(at, record(user.id), HOUR)
        await store.touch(at, policy(4500))
        await store.touch(at, policy(8000))
        expect((await store.get(at))?.idleExpiresAt).toBe(10_000)
      }))

    it.each([
      ['past its idle deadline', 5000, 'idle'],
      ['past its cap', 10_000, 'absolute'],
    ])('touch ends and deletes a session %s, and says which', (_, now, reason) =>
      withStore(async (store, users) => {
        const user = await users.upsertByOpenid({ openid: 'o_touch' }, 1)
        const at = await locator(store, user.id)
        await store.create(at, record(user.id, { idleExpiresAt: now === 5000 ? 5000 : 10_000 }), HOUR)
        expect(await store.touch(at, policy(now))).toEqual({ state: 'ended', reason })
        expect(await store.get(at)).toBeUndefined()
        expect(await store.deleteAllForUser(user.id)).toBe(0)
      }))

    it('touch reports an unknown session, and a session without its user as active with no user', () =>
      withStore(async (store) => {
        const at = await locator(store, 'u_gone')
        expect(await store.touch(at, policy(2000))).toEqual({ state: 'unknown' })
        await store.create(at, record('u_gone'), HOUR)
        expect(await store.touch(at, policy(2000))).toMatchObject({ state: 'active', user: undefined })
      }))

    it('never resurrects a deleted session: a touch after (or racing) the delete writes nothing back', () =>
      withStore(async (store, users) => {
        const user = await users.upsertByOpenid({ openid: 'o_race' }, 1)
        for (let i = 0; i < 20; i++) {
          const at = await locator(store, user.id)
          await store.create(at, record(user.id), HOUR)
          // Every touch would write (minSlideMs 0 and a moving clock): the worst case for a late slide.
          await Promise.all([store.touch(at, policy(2000 + i, { minSlideMs: 0 })), store.delete(at), store.touch(at, policy(2100 + i, { minSlideMs: 0 }))])
          expect(await store.get(at)).toBeUndefined()
          expect(await store.touch(at, policy(2200))).toEqual({ state: 'unknown' })
        }
      }))

    it('deletes one session and ignores unknown ones', () =>
      withStore(async (store) => {
        const h1 = await locator(store, 'u1')
        const h2 = await locator(store, 'u1')
        await store.create(h1, record('u1'), HOUR)
        await store.create(h2, record('u1'), HOUR)
        await store.delete(h1)
        await store.delete(await locator(store, 'u1'))
        expect(await store.get(h1)).toBeUndefined()
        expect(await store.get(h2)).toBeDefined()
      }))

    it("deletes every session of one user and none of another's", () =>
      withStore(async (store) => {
        const a1 = await locator(store, 'alice')
        const a2 = await locator(store, 'alice')
        const b1 = await locator(store, 'bob')
        await store.create(a1, record('alice'), HOUR)
        await store.create(a2, record('alice'), HOUR)
        await store.create(b1, record('bob'), HOUR)
        expect(await store.deleteAllForUser('alice')).toBe(2)
        expect(await store.get(a1)).toBeUndefined()
        expect(await store.get(a2)).toBeUndefined()
        expect(await store.get(b1)).toBeDefined()
        expect(await store.deleteAllForUser('alice')).toBe(0)
      }))

    it('does not count a session deleted on its own in a later logout-all', () =>
      withStore(async (store) => {
        const a1 = await locator(store, 'alice')
        await store.create(a1, record('alice'), HOUR)
        await store.create(await locator(store, 'alice'), record('alice'), HOUR)
        await store.delete(a1)
        expect(await store.deleteAllForUser('alice')).toBe(1)
      }))

    it('counts and clears', () =>
      withStore(async (store) => {
        const a1 = await locator(store, 'alice')
        await store.create(a1, record('alice'), HOUR)
        await store.create(await locator(store, 'bob'), record('bob'), HOUR)
        expect(await store.count()).toBe(2)
        await store.clear()
        expect(await store.count()).toBe(0)
        expect(await store.get(a1)).toBeUndefined()
        expect(await store.deleteAllForUser('alice')).toBe(0)
      }))

    it('forgets a session once its TTL has passed', () =>
      withStore(async (store) => {
        const at = await locator(store, 'u1')
        await store.create(at, record('u1'), 30)
        await new Promise((resolve) => setTimeout(resolve, 80))
        expect(await store.get(at)).toBeUndefined()
      }))
  })
}

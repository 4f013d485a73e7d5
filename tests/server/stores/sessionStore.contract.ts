import { describe, expect, it } from 'vitest'
import type { SessionRecord, SessionStore } from '../../../server/stores/sessionStore'

/** A fresh, empty store per test; `dispose` releases it. */
export interface StoreFixture {
  store: SessionStore
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

/**
 * The behaviour every SessionStore must have, run against each implementation (memory and Redis), so they cannot
 * drift apart. Call it inside a describe of the implementation's spec file.
 */
export function sessionStoreContract(name: string, fresh: () => Promise<StoreFixture>): void {
  async function withStore(run: (store: SessionStore) => Promise<void>): Promise<void> {
    const fixture = await fresh()
    try {
      await run(fixture.store)
    } finally {
      await fixture.dispose?.()
    }
  }

  describe(`${name} (SessionStore contract)`, () => {
    it('returns what was created, unionid included', () =>
      withStore(async (store) => {
        const r = record('u1', { unionid: 'un1' })
        await store.create('h1', r, HOUR)
        expect(await store.get('h1')).toEqual(r)
      }))

    it('returns undefined for an unknown hash', () =>
      withStore(async (store) => {
        expect(await store.get('nope')).toBeUndefined()
      }))

    it('hands out copies: mutating a returned record does not change the stored one', () =>
      withStore(async (store) => {
        await store.create('h1', record('u1'), HOUR)
        const got = await store.get('h1')
        if (got !== undefined) got.userId = 'mallory'
        expect((await store.get('h1'))?.userId).toBe('u1')
      }))

    it('updates an existing session', () =>
      withStore(async (store) => {
        await store.create('h1', record('u1'), HOUR)
        expect(await store.update('h1', record('u1', { idleExpiresAt: 9000 }), HOUR)).toBe(true)
        expect((await store.get('h1'))?.idleExpiresAt).toBe(9000)
      }))

    it('refuses to update (resurrect) a deleted session', () =>
      withStore(async (store) => {
        await store.create('h1', record('u1'), HOUR)
        await store.delete('h1')
        expect(await store.update('h1', record('u1'), HOUR)).toBe(false)
        expect(await store.get('h1')).toBeUndefined()
      }))

    it('deletes one session and ignores unknown hashes', () =>
      withStore(async (store) => {
        await store.create('h1', record('u1'), HOUR)
        await store.create('h2', record('u1'), HOUR)
        await store.delete('h1')
        await store.delete('never-existed')
        expect(await store.get('h1')).toBeUndefined()
        expect(await store.get('h2')).toBeDefined()
      }))

    it("deletes every session of one user and none of another's", () =>
      withStore(async (store) => {
        await store.create('a1', record('alice'), HOUR)
        await store.create('a2', record('alice'), HOUR)
        await store.create('b1', record('bob'), HOUR)
        expect(await store.deleteAllForUser('alice')).toBe(2)
        expect(await store.get('a1')).toBeUndefined()
        expect(await store.get('a2')).toBeUndefined()
        expect(await store.get('b1')).toBeDefined()
        expect(await store.deleteAllForUser('alice')).toBe(0)
      }))

    it('does not count a session deleted on its own in a later logout-all', () =>
      withStore(async (store) => {
        await store.create('a1', record('alice'), HOUR)
        await store.create('a2', record('alice'), HOUR)
        await store.delete('a1')
        expect(await store.deleteAllForUser('alice')).toBe(1)
      }))

    it('counts and clears', () =>
      withStore(async (store) => {
        await store.create('a1', record('alice'), HOUR)
        await store.create('b1', record('bob'), HOUR)
        expect(await store.count()).toBe(2)
        await store.clear()
        expect(await store.count()).toBe(0)
        expect(await store.get('a1')).toBeUndefined()
        expect(await store.deleteAllForUser('alice')).toBe(0)
      }))

    it('forgets a session once its TTL has passed', () =>
      withStore(async (store) => {
        await store.create('short', record('u1'), 30)
        await new Promise((resolve) => setTimeout(resolve, 80))
        expect(await store.get('short')).toBeUndefined()
      }))
  })
}

import { describe, expect, it } from 'vitest'
import { MemorySessionStore } from '../../../server/stores/memorySessionStore'
import { sessionStoreContract } from './sessionStore.contract'

sessionStoreContract('MemorySessionStore', async () => ({ store: new MemorySessionStore() }))

describe('MemorySessionStore', () => {
  it('evicts the least recently used session beyond max, and its index entry with it', async () => {
    const store = new MemorySessionStore({ max: 2 })
    const base = { openid: 'o', sessionKey: 'k', createdAt: 0, expiresAt: 1, idleExpiresAt: 1 }
    await store.create('h1', { ...base, userId: 'u1' }, 60_000)
    await store.create('h2', { ...base, userId: 'u2' }, 60_000)
    await store.create('h3', { ...base, userId: 'u3' }, 60_000)
    expect(await store.get('h1')).toBeUndefined()
    expect(await store.deleteAllForUser('u1')).toBe(0)
    expect(await store.count()).toBe(2)
  })
})

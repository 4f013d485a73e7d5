import { describe, expect, it } from 'vitest'
import { MemorySessionStore } from '../../../server/stores/memorySessionStore'
import { MemoryUserStore } from '../../../server/stores/memoryUserStore'
import { sessionStoreContract } from './sessionStore.contract'

sessionStoreContract('MemorySessionStore', async () => {
  const users = new MemoryUserStore()
  return { store: new MemorySessionStore({ readUser: (id) => users.get(id) }), users }
})

describe('MemorySessionStore', () => {
  it('evicts the least recently used session beyond max, and its index entry with it', async () => {
    const store = new MemorySessionStore({ max: 2 })
    const base = { openid: 'o', sessionKey: 'k', createdAt: 0, expiresAt: 1, idleExpiresAt: 1 }
    const at = async (userId: string, hash: string) => ({ tag: await store.tagFor(userId), hash })
    await store.create(await at('u1', 'h1'), { ...base, userId: 'u1' }, 60_000)
    await store.create(await at('u2', 'h2'), { ...base, userId: 'u2' }, 60_000)
    await store.create(await at('u3', 'h3'), { ...base, userId: 'u3' }, 60_000)
    expect(await store.get({ tag: 'x', hash: 'h1' })).toBeUndefined()
    expect(await store.deleteAllForUser('u1')).toBe(0)
    expect(await store.count()).toBe(2)
  })
})

import { describe, expect, it } from 'vitest'
import { createTokenStorage } from '../../src/session/tokenStorage'
import { createFakeStorage } from '../../src/testing/fakeStorage'

const session = { token: 'tok_1', expiresAt: 1_700_000_000_000, user: { id: 'u1', openid: 'o1', nickname: '', avatarUrl: '', createdAt: 1 } }

describe('tokenStorage', () => {
  it('round-trips a session under its key, versioned', () => {
    const storage = createFakeStorage()
    const tokens = createTokenStorage(storage, 'k')
    tokens.save(session)
    expect(storage.getRaw('k')).toMatchObject({ v: 1, token: 'tok_1' })
    expect(tokens.load()).toEqual(session)
  })

  it('reads an absent key as no session and leaves other keys alone', () => {
    const storage = createFakeStorage()
    storage.set('other', 'x')
    expect(createTokenStorage(storage, 'k').load()).toBeNull()
    expect(storage.keys()).toEqual(['other'])
  })

  it('treats a token with control characters as corrupt', () => {
    const storage = createFakeStorage()
    storage.setRaw('k', { v: 1, ...session, token: 'a\r\nX-Evil: 1' })
    expect(createTokenStorage(storage, 'k').load()).toBeNull()
    expect(storage.keys()).toEqual([])
  })

  it('treats a storage that throws on read as empty', () => {
    const storage = createFakeStorage()
    const circular: Record<string, unknown> = {}
    circular['self'] = circular
    storage.setRaw('k', circular)
    expect(createTokenStorage(storage, 'k').load()).toBeNull()
  })

  it('lets a failed write surface to the caller', () => {
    const storage = createFakeStorage()
    storage.full = true
    expect(() => createTokenStorage(storage, 'k').save(session)).toThrow(/exceed storage/)
  })
})

import { describe, expect, it } from 'vitest'
import type { UserStore } from '../../../server/stores/userStore'

/** A fresh, empty store per test; `dispose` releases it. */
export interface UserStoreFixture {
  store: UserStore
  dispose?: () => Promise<void>
}

/** The behaviour every UserStore must have, run against the memory and the Redis implementation. */
export function userStoreContract(name: string, fresh: () => Promise<UserStoreFixture>): void {
  async function withStore(run: (store: UserStore) => Promise<void>): Promise<void> {
    const fixture = await fresh()
    try {
      await run(fixture.store)
    } finally {
      await fixture.dispose?.()
    }
  }

  describe(`${name} (UserStore contract)`, () => {
    it('creates a user on first sight with empty profile fields', () =>
      withStore(async (store) => {
        const user = await store.upsertByOpenid({ openid: 'o_1' }, 1234)
        expect(user).toEqual({ id: expect.stringMatching(/^u_/), openid: 'o_1', nickname: '', avatarPath: '', createdAt: 1234 })
        expect(await store.get(user.id)).toEqual(user)
      }))

    it('finds the same user again by openid', () =>
      withStore(async (store) => {
        const first = await store.upsertByOpenid({ openid: 'o_1' }, 1)
        const again = await store.upsertByOpenid({ openid: 'o_1' }, 2)
        expect(again.id).toBe(first.id)
        expect(again.createdAt).toBe(1)
        expect(await store.count()).toBe(1)
      }))

    it('records a unionid when it arrives and keeps it when a later login lacks it', () =>
      withStore(async (store) => {
        await store.upsertByOpenid({ openid: 'o_1' }, 1)
        expect((await store.upsertByOpenid({ openid: 'o_1', unionid: 'un_1' }, 2)).unionid).toBe('un_1')
        expect((await store.upsertByOpenid({ openid: 'o_1' }, 3)).unionid).toBe('un_1')
      }))

    it('creates one user for concurrent first logins of the same openid', () =>
      withStore(async (store) => {
        const users = await Promise.all(Array.from({ length: 10 }, () => store.upsertByOpenid({ openid: 'o_race' }, 1)))
        expect(new Set(users.map((u) => u.id)).size).toBe(1)
        expect(await store.count()).toBe(1)
      }))

    it('creates a web-only user with the official account openid and an empty mini-program openid', () =>
      withStore(async (store) => {
        const user = await store.upsertByWebOpenid({ openid: 'oa_1' }, 5)
        expect(user).toEqual({ id: expect.stringMatching(/^u_/), openid: '', webOpenid: 'oa_1', nickname: '', avatarPath: '', createdAt: 5 })
        expect((await store.upsertByWebOpenid({ openid: 'oa_1' }, 6)).id).toBe(user.id)
      }))

    it('links a web sign-in to the mini-program user with the same unionid, keeping both openids', () =>
      withStore(async (store) => {
        const mp = await store.upsertByOpenid({ openid: 'o_1', unionid: 'un_1' }, 1)
        const web = await store.upsertByWebOpenid({ openid: 'oa_1', unionid: 'un_1' }, 2)
        expect(web).toMatchObject({ id: mp.id, openid: 'o_1', webOpenid: 'oa_1', unionid: 'un_1', createdAt: 1 })
        expect((await store.upsertByOpenid({ openid: 'o_1' }, 3)).webOpenid).toBe('oa_1')
        expect(await store.count()).toBe(1)
      }))

    it('links a mini-program sign-in to the web user with the same unionid when H5 came first', () =>
      withStore(async (store) => {
        const web = await store.upsertByWebOpenid({ openid: 'oa_2', unionid: 'un_2' }, 1)
        const mp = await store.upsertByOpenid({ openid: 'o_2', unionid: 'un_2' }, 2)
        expect(mp).toMatchObject({ id: web.id, openid: 'o_2', webOpenid: 'oa_2', unionid: 'un_2' })
        expect((await store.upsertByWebOpenid({ openid: 'oa_2' }, 3)).openid).toBe('o_2')
        expect(await store.count()).toBe(1)
      }))

    it('keeps the two sides apart as two users when there is no unionid', () =>
      withStore(async (store) => {
        const mp = await store.upsertByOpenid({ openid: 'o_3' }, 1)
        const web = await store.upsertByWebOpenid({ openid: 'oa_3' }, 2)
        expect(web.id).not.toBe(mp.id)
        expect(await store.get(mp.id)).not.toHaveProperty('webOpenid')
        expect(await store.count()).toBe(2)
      }))

    it('folds a silent web login\'s user into the mini-program user once a web login reports their unionid (mini program first)', () =>
      withStore(async (store) => {
        const mp = await store.upsertByOpenid({ openid: 'o_f', unionid: 'un_f' }, 1)
        const base = await store.upsertByWebOpenid({ openid: 'oa_f' }, 2)
        expect(base.id).not.toBe(mp.id)
        await store.update(base.id, { nickname: 'H5 name', phoneNumber: '13800138000', countryCode: '86' })
        const info = await store.upsertByWebOpenid({ openid: 'oa_f', unionid: 'un_f' }, 3)
        expect(info).toMatchObject({ id: mp.id, openid: 'o_f', webOpenid: 'oa_f', unionid: 'un_f', nickname: 'H5 name', phoneNumber: '13800138000' })
        expect(await store.get(base.id)).toBeUndefined()
        expect(await store.count()).toBe(1)
        expect((await store.upsertByWebOpenid({ openid: 'oa_f' }, 4)).id).toBe(mp.id)
        expect((await store.upsertByOpenid({ openid: 'o_f' }, 5)).webOpenid).toBe('oa_f')
      }))

    it('folds a silent web login\'s user into the mini-program user when the silent login came first', () =>
      withStore(async (store) => {
        const base = await store.upsertByWebOpenid({ openid: 'oa_g' }, 1)
        const mp = await store.upsertByOpenid({ openid: 'o_g', unionid: 'un_g' }, 2)
        await store.update(mp.id, { nickname: 'mini name' })
        await store.update(base.id, { nickname: 'H5 name' })
        const info = await store.upsertByWebOpenid({ openid: 'oa_g', unionid: 'un_g' }, 3)
        // What the unionid's user set wins.
        expect(info).toMatchObject({ id: mp.id, openid: 'o_g', webOpenid: 'oa_g', unionid: 'un_g', nickname: 'mini name' })
        expect(await store.get(base.id)).toBeUndefined()
        expect(await store.count()).toBe(1)
      }))

    it('folds a mini-program user without a unionid into the web user who has it', () =>
      withStore(async (store) => {
        const web = await store.upsertByWebOpenid({ openid: 'oa_h', unionid: 'un_h' }, 1)
        const mp = await store.upsertByOpenid({ openid: 'o_h' }, 2)
        expect(mp.id).not.toBe(web.id)
        const again = await store.upsertByOpenid({ openid: 'o_h', unionid: 'un_h' }, 3)
        expect(again).toMatchObject({ id: web.id, openid: 'o_h', webOpenid: 'oa_h', unionid: 'un_h' })
        expect(await store.get(mp.id)).toBeUndefined()
        expect(await store.count()).toBe(1)
      }))

    it('never writes one unionid onto two users: a user that is no half of that person is kept apart', () =>
      withStore(async (store) => {
        await store.upsertByOpenid({ openid: 'o_k', unionid: 'un_k' }, 1)
        await store.upsertByWebOpenid({ openid: 'oa_k1', unionid: 'un_k' }, 2)
        const other = await store.upsertByWebOpenid({ openid: 'oa_k2' }, 3)
        const again = await store.upsertByWebOpenid({ openid: 'oa_k2', unionid: 'un_k' }, 4)
        expect(again.id).toBe(other.id)
        expect(again.unionid).toBeUndefined()
        expect((await store.get(other.id))?.unionid).toBeUndefined()
        expect(await store.count()).toBe(2)
      }))

    it('creates one user for concurrent first sign-ins of one unionid from both sides', () =>
      withStore(async (store) => {
        const users = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            i % 2 === 0 ? store.upsertByOpenid({ openid: 'o_r', unionid: 'un_r' }, 1) : store.upsertByWebOpenid({ openid: 'oa_r', unionid: 'un_r' }, 1),
          ),
        )
        expect(new Set(users.map((u) => u.id)).size).toBe(1)
        expect(await store.count()).toBe(1)
        expect(await store.get(users[0]?.id ?? '')).toMatchObject({ openid: 'o_r', webOpenid: 'oa_r' })
      }))

    it('updates profile fields without touching the others, and ignores undefined values', () =>
      withStore(async (store) => {
        const user = await store.upsertByOpenid({ openid: 'o_1' }, 1)
        await store.update(user.id, { nickname: '小明' })
        await store.update(user.id, { phoneNumber: '13800138000', countryCode: '86', nickname: undefined })
        expect(await store.get(user.id)).toMatchObject({ nickname: '小明', phoneNumber: '13800138000', countryCode: '86' })
      }))

    it('answers undefined for unknown ids', () =>
      withStore(async (store) => {
        expect(await store.get('u_nope')).toBeUndefined()
        expect(await store.update('u_nope', { nickname: 'x' })).toBeUndefined()
      }))
  })
}

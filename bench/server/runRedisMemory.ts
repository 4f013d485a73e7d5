import { createHash, randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { SessionService } from '../../server/sessions/sessionService'
import { createStores } from '../../server/stores/createStores'
import { RedisKeys } from '../../server/stores/redisKeys'
import { median } from '../support/stats'

/** Redis memory per user and per session, from MEMORY USAGE and from used_memory. */
export interface RedisMemoryFigures {
  users: number
  /** MEMORY USAGE (median over a sample) of each kind of key; the session index holds two sessions. */
  keyBytes: { user: number; userTag: number; openid: number; session: number; sessionIndex: number }
  /** used_memory growth per user (user hash, tag and openid keys) and per session (session key and index entry). */
  usedPerUser: number
  usedPerSession: number
  /** used_memory growth per further session of a user who already has one (the index exists). */
  usedPerExtraSession: number
}

const openid = (): string => `o${randomBytes(20).toString('base64url').slice(0, 27)}`

async function usedMemory(client: Redis): Promise<number> {
  const info = await client.info('memory')
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? Number.NaN)
}

/**
 * Fills an empty Redis with `users` users as a login makes them (28-character openids, a nickname, an avatar
 * path) and one session each as SessionService issues them, in the production key layout (`wxls:` prefix), and
 * reads the growth of used_memory per user and per session; then issues a second session to every user to see
 * what a further session adds, and reads MEMORY USAGE of a sample of each kind of key (the index then holds two).
 */
export async function runRedisMemory(redisUrl: string, users: number): Promise<RedisMemoryFigures> {
  const client = new Redis(redisUrl)
  const stores = await createStores({ redisUrl, prefix: 'wxls:', sessionMaxAgeMs: 30 * 86_400_000 })
  const sessions = new SessionService({ store: stores.sessions, idleTtlMs: 7 * 86_400_000, maxAgeMs: 30 * 86_400_000, now: Date.now })
  const keys = new RedisKeys('wxls:')
  try {
    await client.flushall()
    const start = await usedMemory(client)
    const made: Array<{ id: string; openid: string; tag: string }> = []
    for (let i = 0; i < users; i++) {
      const user = await stores.users.upsertByOpenid({ openid: openid() }, Date.now())
      await stores.users.update(user.id, { nickname: '微信用户', avatarPath: `/uploads/${randomBytes(16).toString('hex')}.jpg` })
      made.push({ id: user.id, openid: user.openid, tag: await stores.sessions.tagFor(user.id) })
    }
    const afterUsers = await usedMemory(client)
    const hashes: Array<{ tag: string; token: string }> = []
    for (const user of made) {
      const { token } = await sessions.issue({ userId: user.id, openid: user.openid, sessionKey: randomBytes(16).toString('base64') })
      hashes.push({ tag: user.tag, token })
    }
    const afterSessions = await usedMemory(client)
    for (const user of made) await sessions.issue({ userId: user.id, openid: user.openid, sessionKey: randomBytes(16).toString('base64') })
    const afterExtra = await usedMemory(client)
    const sample = made.slice(0, Math.min(200, made.length))
    const usage = async (key: (u: (typeof made)[number]) => string): Promise<number> =>
      median(await Promise.all(sample.map(async (u) => Number(await client.memory('USAGE', key(u), 'SAMPLES', 0)))))
    const sessionKeyOf = new Map(hashes.map((h) => [h.tag, keys.session(h.tag, createHash('sha256').update(h.token).digest('hex'))]))
    return {
      users,
      keyBytes: {
        user: await usage((u) => keys.user(u.tag)),
        userTag: await usage((u) => keys.userTag(u.id)),
        openid: await usage((u) => keys.openid(u.openid)),
        session: await usage((u) => sessionKeyOf.get(u.tag) ?? ''),
        sessionIndex: await usage((u) => keys.sessionIndex(u.tag)),
      },
      usedPerUser: (afterUsers - start) / users,
      usedPerSession: (afterSessions - afterUsers) / users,
      usedPerExtraSession: (afterExtra - afterSessions) / users,
    }
  } finally {
    await client.flushall().catch(() => undefined)
    client.disconnect()
    await stores.close()
  }
}

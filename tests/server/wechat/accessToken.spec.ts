import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KeyValueStore } from '../../../server/stores/keyValueStore'
import { MemoryKeyValueStore } from '../../../server/stores/memoryKeyValueStore'
import { RedisKeyValueStore } from '../../../server/stores/redisKeyValueStore'
import { AccessTokenProvider } from '../../../server/wechat/accessToken'
import type { StableTokenResult } from '../../../server/wechat/wechatClient'
import { WechatError } from '../../../server/wechat/wechatError'
import { requireRedisOrSkip, startRedis } from '../../../testkit/redisServer'
import type { RedisServer } from '../../../testkit/redisServer'
import { manualClock } from '../helpers/testServer'

/** A stable_token stand-in the test answers by hand, counting calls. */
function tokenSource() {
  let calls = 0
  const pending: ((result: StableTokenResult) => void)[] = []
  return {
    get calls() {
      return calls
    },
    fetchToken: () => {
      calls++
      return new Promise<StableTokenResult>((resolve) => pending.push(resolve))
    },
    /** Answers every waiting fetch. */
    answer(accessToken: string, expiresInSec = 7200) {
      for (const resolve of pending.splice(0)) resolve({ accessToken, expiresInSec })
    },
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

function provider(kv: KeyValueStore, fetchToken: () => Promise<StableTokenResult>, now = manualClock().now, prefix = 'wxls:') {
  return new AccessTokenProvider({ kv, fetchToken, appid: 'wxdemo0000000000', now, sleep: tick, prefix })
}

function instantSource(tokens: string[]) {
  let calls = 0
  return {
    get calls() {
      return calls
    },
    fetchToken: async (): Promise<StableTokenResult> => ({ accessToken: tokens[Math.min(calls++, tokens.length - 1)] ?? 'none', expiresInSec: 7200 }),
  }
}

describe('AccessTokenProvider', () => {
  it('fetches once for 50 concurrent callers', async () => {
    const source = tokenSource()
    const p = provider(new MemoryKeyValueStore(), source.fetchToken)
    const all = Promise.all(Array.from({ length: 50 }, () => p.get()))
    await tick()
    source.answer('AT1')
    expect(new Set(await all)).toEqual(new Set(['AT1']))
    expect(source.calls).toBe(1)
  })

  it('serves the cached token until shortly before it expires, then fetches a new one', async () => {
    const clock = manualClock()
    const source = instantSource(['AT1', 'AT2'])
    const p = provider(new MemoryKeyValueStore(), source.fetchToken, clock.now)
    expect(await p.get()).toBe('AT1')
    clock.advance(7200_000 - 5 * 60_000 - 1)
    expect(await p.get()).toBe('AT1')
    clock.advance(1)
    expect(await p.get()).toBe('AT2')
    expect(source.calls).toBe(2)
  })

  it('lets a short-lived token live half its lifetime instead of refetching on every call', async () => {
    const clock = manualClock()
    let calls = 0
    const p = provider(new MemoryKeyValueStore(), async () => ({ accessToken: `AT${++calls}`, expiresInSec: 60 }), clock.now)
    await p.get()
    clock.advance(29_000)
    expect(await p.get()).toBe('AT1')
    expect(calls).toBe(1)
  })

  it('on a rejected token, refetches once and retries the call once', async () => {
    const source = instantSource(['OLD', 'NEW'])
    const p = provider(new MemoryKeyValueStore(), source.fetchToken)
    const seen: string[] = []
    const result = await p.withToken(async (token) => {
      seen.push(token)
      if (token === 'OLD') throw new WechatError('getuserphonenumber', 'access_token_invalid', 40001, 'invalid credential')
      return 'ok'
    })
    expect(result).toBe('ok')
    expect(seen).toEqual(['OLD', 'NEW'])
    expect(source.calls).toBe(2)
  })

  it('does not loop when the fresh token is rejected too', async () => {
    const source = instantSource(['A', 'B', 'C'])
    const p = provider(new MemoryKeyValueStore(), source.fetchToken)
    let attempts = 0
    const call = p.withToken(async () => {
      attempts++
      throw new WechatError('getuserphonenumber', 'access_token_invalid', 42001, 'expired')
    })
    await expect(call).rejects.toMatchObject({ kind: 'access_token_invalid' })
    expect(attempts).toBe(2)
    expect(source.calls).toBe(2)
  })

  it('does not retry other errors', async () => {
    const source = instantSource(['A'])
    const p = provider(new MemoryKeyValueStore(), source.fetchToken)
    let attempts = 0
    const call = p.withToken(async () => {
      attempts++
      throw new WechatError('getuserphonenumber', 'invalid_code', 40029, 'bad code')
    })
    await expect(call).rejects.toMatchObject({ kind: 'invalid_code' })
    expect(attempts).toBe(1)
  })

  it('keeps a newer token another caller stored when invalidating an old one', async () => {
    const kv = new MemoryKeyValueStore()
    const source = instantSource(['A', 'B'])
    const p = provider(kv, source.fetchToken)
    expect(await p.get()).toBe('A')
    await p.invalidate('A')
    expect(await p.get()).toBe('B')
    await p.invalidate('A')
    expect(await p.get()).toBe('B')
    expect(source.calls).toBe(2)
  })

  it('releases the lock when a fetch fails, so the next call can fetch', async () => {
    let calls = 0
    const p = provider(new MemoryKeyValueStore(), async () => {
      calls++
      if (calls === 1) throw new WechatError('stable_token', 'busy', -1, 'busy')
      return { accessToken: 'AT', expiresInSec: 7200 }
    })
    await expect(p.get()).rejects.toBeInstanceOf(WechatError)
    expect(await p.get()).toBe('AT')
  })

  it('fetches anyway when a lock holder never delivers (its lock expires)', async () => {
    const kv = new MemoryKeyValueStore()
    await kv.set('wxls:access-token-lock:wxdemo0000000000', 'a-dead-process', 60_000)
    const source = instantSource(['AT'])
    const p = new AccessTokenProvider({
      kv,
      fetchToken: source.fetchToken,
      appid: 'wxdemo0000000000',
      now: manualClock().now,
      sleep: tick,
      lockTtlMs: 1000,
      pollMs: 100,
    })
    expect(await p.get()).toBe('AT')
    expect(source.calls).toBe(1)
  })
})

const redisEnabled = requireRedisOrSkip('AccessTokenProvider cross-process lock tests')
let redis: RedisServer | undefined
beforeAll(async () => {
  if (redisEnabled) redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})

describe.each([
  ['one memory store', async () => ({ kv: new MemoryKeyValueStore() as KeyValueStore, close: async () => {} })],
  [
    'Redis',
    async () => {
      const client = new Redis(redis?.url ?? '')
      return { kv: new RedisKeyValueStore(client) as KeyValueStore, close: async () => void client.disconnect() }
    },
  ],
])('AccessTokenProvider instances sharing %s', (name, makeKv) => {
  it.skipIf(name === 'Redis' && !redisEnabled)('fetch once between them: the lock loser waits for the winner', async () => {
    const { kv, close } = await makeKv()
    try {
      const prefix = `t${randomBytes(4).toString('hex')}:`
      const source = tokenSource()
      // Two "processes": separate providers, so no in-process single-flight between them.
      const a = provider(kv, source.fetchToken, manualClock().now, prefix)
      const b = provider(kv, source.fetchToken, manualClock().now, prefix)
      const first = a.get()
      const second = b.get()
      while (source.calls === 0) await tick()
      source.answer('SHARED')
      expect(await Promise.all([first, second])).toEqual(['SHARED', 'SHARED'])
      expect(source.calls).toBe(1)
    } finally {
      await close()
    }
  })
})

import { randomBytes } from 'node:crypto'
import type { KeyValueStore } from '../stores/keyValueStore'
import type { StableTokenResult } from './wechatClient'
import { WechatError } from './wechatError'

/** Options of {@link AccessTokenProvider}. */
export interface AccessTokenProviderOptions {
  /** Where the token is cached and the refresh lock lives (Redis: shared by every instance). */
  kv: KeyValueStore
  /** Fetches a token from stable_token (never with force_refresh). */
  fetchToken: () => Promise<StableTokenResult>
  appid: string
  /** Key namespace, default `wxls:`. */
  prefix?: string
  now: () => number
  sleep?: (ms: number) => Promise<void>
  /** A cached token is refreshed this long before WeChat says it expires. Default 5 minutes. */
  marginMs?: number
  /** How long one refresher may hold the cross-process lock. Default 10 s. */
  lockTtlMs?: number
  /** How often a process that lost the lock race looks for the winner's token. Default 100 ms. */
  pollMs?: number
}

interface CachedToken {
  token: string
  /** WeChat's expiry minus the safety margin. */
  refreshAt: number
}

function parseCached(raw: string | undefined): CachedToken | undefined {
  if (raw === undefined) return undefined
  try {
    const value: unknown = JSON.parse(raw)
    if (typeof value !== 'object' || value === null) return undefined
    const { token, refreshAt } = value as Record<string, unknown>
    return typeof token === 'string' && typeof refreshAt === 'number' ? { token, refreshAt } : undefined
  } catch {
    return undefined
  }
}

/**
 * Provides the WeChat access token (stable_token) to server-side API calls. The token is cached in the
 * KeyValueStore until shortly before it expires. A refresh is single-flight within the process (concurrent
 * callers share one promise) and guarded across processes by a `SET NX PX` lock: the holder fetches, the others
 * poll the cache, and each re-checks the cache after waiting. When an API rejects the token, {@link withToken}
 * drops it from the cache, fetches again once (never with force_refresh, which would revoke the token other
 * instances use) and retries the call once.
 */
export class AccessTokenProvider {
  private inFlight: Promise<string> | undefined
  private readonly cacheKey: string
  private readonly lockKey: string
  private readonly sleep: (ms: number) => Promise<void>

  constructor(private readonly options: AccessTokenProviderOptions) {
    const prefix = options.prefix ?? 'wxls:'
    this.cacheKey = `${prefix}access-token:${options.appid}`
    this.lockKey = `${prefix}access-token-lock:${options.appid}`
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
  }

  /** A valid access token, from the cache or freshly fetched. */
  async get(): Promise<string> {
    const cached = await this.readFresh()
    if (cached !== undefined) return cached
    this.inFlight ??= this.refresh().finally(() => {
      this.inFlight = undefined
    })
    return this.inFlight
  }

  /** Forgets `token` if it is still the cached one (another caller may already have replaced it). */
  async invalidate(token: string): Promise<void> {
    const raw = await this.options.kv.get(this.cacheKey)
    if (parseCached(raw)?.token === token && raw !== undefined) await this.options.kv.deleteIfEquals(this.cacheKey, raw)
  }

  /**
   * Runs `call` with a token; if WeChat rejects the token (40001/40014/42001), invalidates it, gets a new one and
   * runs `call` exactly once more. The retry path cannot loop: a second rejection is thrown as is.
   */
  async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.get()
    try {
      return await call(token)
    } catch (error) {
      if (!(error instanceof WechatError) || error.kind !== 'access_token_invalid') throw error
      await this.invalidate(token)
      return call(await this.get())
    }
  }

  private async readFresh(): Promise<string | undefined> {
    const cached = parseCached(await this.options.kv.get(this.cacheKey))
    return cached !== undefined && cached.refreshAt > this.options.now() ? cached.token : undefined
  }

  private async refresh(): Promise<string> {
    const lockTtlMs = this.options.lockTtlMs ?? 10_000
    const pollMs = this.options.pollMs ?? 100
    const owner = randomBytes(16).toString('hex')
    if (await this.options.kv.setIfAbsent(this.lockKey, owner, lockTtlMs)) {
      try {
        // Check again under the lock: the previous holder may have just stored a token.
        return (await this.readFresh()) ?? (await this.fetchAndStore())
      } finally {
        await this.options.kv.deleteIfEquals(this.lockKey, owner).catch(() => false)
      }
    }
    // Another process is refreshing: wait for its token, but not longer than its lock can live.
    for (let waited = 0; waited < lockTtlMs; waited += pollMs) {
      await this.sleep(pollMs)
      const token = await this.readFresh()
      if (token !== undefined) return token
    }
    // The holder died or is stuck. A non-forced stable_token call is safe to repeat: it returns the same token.
    return this.fetchAndStore()
  }

  private async fetchAndStore(): Promise<string> {
    const { accessToken, expiresInSec } = await this.options.fetchToken()
    const ttlMs = expiresInSec * 1000
    // Half the lifetime at most, so a short-lived token (emulator, tests) is still reused.
    const marginMs = Math.min(this.options.marginMs ?? 5 * 60_000, ttlMs / 2)
    const entry: CachedToken = { token: accessToken, refreshAt: this.options.now() + ttlMs - marginMs }
    await this.options.kv.set(this.cacheKey, JSON.stringify(entry), ttlMs)
    return accessToken
  }
}

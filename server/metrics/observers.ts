import type { EventEmitter } from 'node:events'
import type { SessionObserver } from '../sessions/sessionService'
import type { AvatarStorage } from '../uploads/avatarStorage'
import { WechatError } from '../wechat/wechatError'
import type { WechatClient } from '../wechat/wechatClient'
import type { ServerMetrics } from './serverMetrics'

/** The errcode label of a failed WeChat call: WeChat's errcode, or `none` when WeChat gave no usable answer. */
function errcodeOf(error: unknown): string {
  return error instanceof WechatError && error.errcode !== undefined ? String(error.errcode) : 'none'
}

/**
 * Wraps the WeChat client so that code2Session and phone-number calls are counted by errcode
 * (`wxls_wechat_calls_total`) and access-token fetches by outcome (`wxls_access_token_fetches_total`). The calls
 * and their results are unchanged.
 */
export function observeWechat(wechat: WechatClient, metrics: ServerMetrics): WechatClient {
  const counted = async <T>(api: 'jscode2session' | 'getuserphonenumber', call: () => Promise<T>): Promise<T> => {
    try {
      const result = await call()
      metrics.wechatCalls.inc({ api, errcode: '0' })
      return result
    } catch (error) {
      metrics.wechatCalls.inc({ api, errcode: errcodeOf(error) })
      throw error
    }
  }
  return {
    ...wechat,
    code2Session: (code) => counted('jscode2session', () => wechat.code2Session(code)),
    getPhoneNumber: (code, accessToken, openid) => counted('getuserphonenumber', () => wechat.getPhoneNumber(code, accessToken, openid)),
    fetchStableToken: async () => {
      try {
        const token = await wechat.fetchStableToken()
        metrics.accessTokenFetches.inc({ outcome: 'ok' })
        return token
      } catch (error) {
        metrics.accessTokenFetches.inc({ outcome: 'failed' })
        throw error
      }
    },
  }
}

/** The {@link SessionObserver} that counts sessions issued and revoked. */
export function sessionCounters(metrics: ServerMetrics): SessionObserver {
  return {
    issued: () => metrics.sessionsIssued.inc(),
    revoked: (count) => metrics.sessionsRevoked.inc(count),
  }
}

/** Wraps the avatar storage so that the bytes it stores are counted (`wxls_avatar_stored_bytes_total`). */
export function observeAvatarStorage(storage: AvatarStorage, metrics: ServerMetrics): AvatarStorage {
  return {
    save: async (bytes, ext) => {
      const name = await storage.save(bytes, ext)
      metrics.avatarBytesStored.inc(bytes.length)
      return name
    },
    remove: (name) => storage.remove(name),
    hasRoomFor: (bytes) => storage.hasRoomFor(bytes),
  }
}

/**
 * Follows a Redis client (ioredis, single node, Sentinel or Cluster): `wxls_redis_up` is 1 from `ready` until
 * `close`, and each such loss of a ready connection is one outage. `isReady` is the state at the time of the call.
 * Returns a function that stops counting (call it before the app closes Redis on purpose).
 */
export function observeRedis(redis: EventEmitter, isReady: boolean, metrics: ServerMetrics): () => void {
  let up = isReady
  metrics.redisUp.set(up ? 1 : 0)
  const onReady = (): void => {
    up = true
    metrics.redisUp.set(1)
  }
  const onClose = (): void => {
    if (up) metrics.redisOutages.inc()
    up = false
    metrics.redisUp.set(0)
  }
  redis.on('ready', onReady)
  redis.on('close', onClose)
  return () => {
    redis.off('ready', onReady)
    redis.off('close', onClose)
  }
}

import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { RedisConnection } from './redisClient'

// Counts one hit and starts the window on the first; answers the count and the window's remaining milliseconds.
const INCR = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { current, redis.call('PTTL', KEYS[1]) }`

const READ = `
local current = redis.call('GET', KEYS[1])
if not current then return { 0, 0 } end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then ttl = 0 end
return { tonumber(current), ttl }`

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void

function answer(callback: Callback): (error: Error | null | undefined, reply: unknown) => void {
  return (error, reply) => {
    if (error) return callback(error)
    const [current, ttl] = Array.isArray(reply) ? (reply as unknown[]) : []
    callback(null, { current: Number(current ?? 0), ttl: Number(ttl ?? 0) })
  }
}

/**
 * The rate limiter's counters on Redis under `<prefix>rl:<limiter key>` (`wxls:rl:login-ip:203.0.113.7`), one
 * key per limiter and client with the window as its TTL. It replaces @fastify/rate-limit's own Redis store, which
 * names the counters of a limiter made with `createRateLimit` after a route it does not have:
 * `wxls:rl:undefinedundefined-login-ip:…`. A limiter attached to a route (`config.rateLimit`) gets the route in
 * its name (`<prefix>rl:POST/api/x-<key>`), as before.
 */
export function redisRateLimitStore(redis: RedisConnection, nameSpace: string): FastifyRateLimitStoreCtor {
  class RedisRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly prefix = nameSpace,
    ) {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      redis.eval(INCR, 1, this.prefix + key, String(timeWindow), answer(callback))
    }

    read(key: string, callback: Callback): void {
      redis.eval(READ, 1, this.prefix + key, answer(callback))
    }

    // NOTE: the plugin's typings say route options; it passes its merged limiter settings, with the route (if any)
    // under `routeInfo` and `{}` there for createRateLimit.
    child(options: object): FastifyRateLimitStore {
      const { method, url } = (options as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo ?? {}
      const route = typeof method === 'string' && typeof url === 'string' ? `${method}${url}-` : ''
      return new RedisRateLimitStore(undefined, `${this.prefix}${route}`)
    }
  }
  return RedisRateLimitStore
}

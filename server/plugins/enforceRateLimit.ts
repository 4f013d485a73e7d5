import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ApiError } from '../errors'

/** A limiter made by `@fastify/rate-limit`'s `createRateLimit`. */
export type Limiter = ReturnType<FastifyInstance['createRateLimit']>

/**
 * A hook that answers `429 rate_limited` (with `Retry-After`) once `limiter` says the caller is over its limit.
 * `what` completes the message: "Too many <what>; try again later".
 */
export function enforceRateLimit(limiter: Limiter, what: string) {
  return async function rateLimitHook(request: FastifyRequest): Promise<void> {
    const result = await limiter(request)
    if (!result.isAllowed && result.isExceeded) {
      throw new ApiError(429, 'rate_limited', `Too many ${what}; try again later`, {
        retryAfterSec: Math.max(1, result.ttlInSeconds),
      })
    }
  }
}

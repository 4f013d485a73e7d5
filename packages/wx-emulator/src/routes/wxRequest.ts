import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * One query parameter as WeChat reads it: the first value when repeated, undefined when absent or empty
 * (WeChat treats `appid=` like a missing appid).
 */
export function queryParam(request: FastifyRequest, name: string): string | undefined {
  const query: unknown = request.query
  if (typeof query !== 'object' || query === null) return undefined
  const raw: unknown = (query as Record<string, unknown>)[name]
  const value: unknown = Array.isArray(raw) ? raw[0] : raw
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * The JSON object in a WeChat POST body, or undefined when the body is not a JSON object (WeChat then answers
 * 47001 "data format error"). The WeChat routes receive every body as a raw string, whatever its content type,
 * because WeChat itself ignores the content type.
 */
export function jsonObjectBody(request: FastifyRequest): Record<string, unknown> | undefined {
  const body: unknown = request.body
  if (typeof body !== 'string') return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
  return parsed as Record<string, unknown>
}

/** An AbortSignal that fires when the client hangs up before the reply is complete. */
export function clientGoneSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController()
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort()
  })
  return controller.signal
}

/** Drops the connection without answering, which is what a hung upstream looks like to the client. */
export function dropConnection(reply: FastifyReply): void {
  reply.hijack()
  reply.raw.destroy()
}

import type { FastifyInstance } from 'fastify'
import { ApiError } from '../errors'

// `name[:port]`, `IPv4[:port]` or `[IPv6][:port]` (RFC 9110's Host: uri-host [ ":" port ]), nothing else.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62})?(?:\.[A-Za-z0-9_-]{1,63})*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/

function badHost(message: string): ApiError {
  return new ApiError(400, 'invalid_request', message)
}

/**
 * Refuses a request whose Host header is missing (HTTP/1.1 requires one), sent more than once, empty or not a
 * host with an optional port, with `400 invalid_request` in the API's shape (RFC 9110 §7.2: a server MUST answer
 * 400 to all of these). Runs first, in `onRequest`, so every route and the not-found handler get it.
 *
 * NOTE: Node's own check (`requireHostHeader`) is turned off in buildApp: it answered a missing Host with a bare
 * 400 and an empty chunked body, outside the `{ error, message }` shape and without the security headers. Node
 * keeps the first of several Host headers and drops the rest, so duplicates are counted on the raw headers.
 */
export function installHostCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const raw = request.raw.rawHeaders
    let count = 0
    let value = ''
    for (let i = 0; i < raw.length; i += 2) {
      if (raw[i]?.length === 4 && raw[i]?.toLowerCase() === 'host') {
        count++
        value = raw[i + 1] ?? ''
      }
    }
    if (count === 0) {
      if (request.raw.httpVersionMajor === 1 && request.raw.httpVersionMinor === 0) return
      throw badHost('The Host header is missing')
    }
    if (count > 1) throw badHost('The Host header is sent more than once')
    if (!HOST.test(value)) throw badHost('The Host header is not a host name or address with an optional port')
  })
}

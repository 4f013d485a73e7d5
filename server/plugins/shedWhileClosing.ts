import type { FastifyInstance } from 'fastify'
import type { ApiErrorCode } from '../errors'

/**
 * Answers requests that arrive while the server shuts down with `503 service_unavailable` in the API's error
 * shape, with `Connection: close` and `Retry-After`, so a client or load balancer retries them elsewhere.
 *
 * NOTE: Fastify's own `return503OnClosing` answers such requests (pipelined, or on a busy keep-alive connection)
 * with `{"error":"Service Unavailable",…}`, outside the contract's stable codes; it is turned off in `app.ts`
 * and this hook takes its place. `preClose` runs as soon as `close()` starts, before the listener stops.
 */
export function installShedWhileClosing(app: FastifyInstance): void {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  const body: { error: ApiErrorCode; message: string } = {
    error: 'service_unavailable',
    message: 'The server is shutting down; try again shortly',
  }
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return
    // Serialised by hand: a route's own 503 schema (/healthz has one) must not reshape this answer.
    return reply
      .code(503)
      .header('connection', 'close')
      .header('retry-after', '1')
      .type('application/json; charset=utf-8')
      .serializer(JSON.stringify)
      .send(body)
  })
}

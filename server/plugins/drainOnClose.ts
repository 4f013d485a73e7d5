import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { ApiErrorCode } from '../errors'

/** Options of {@link installDrainOnClose}. */
export interface DrainOptions {
  /** How long {@link Drainable.shutdown} keeps listening and sheds every request before it closes. */
  drainMs: number
  /** After the drain, how long requests in flight may take before their connections are cut. */
  timeoutMs: number
}

/** What {@link installDrainOnClose} adds to the app. */
export interface Drainable {
  /**
   * The graceful shutdown of a process: from now on every request is answered `503 service_unavailable` with
   * `Connection: close` and `Retry-After`, for `drainMs` while still listening; then the listener closes, requests
   * in flight finish (at most `timeoutMs`), and the app closes. Resolves when the app is closed.
   */
  shutdown(): Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    /** See {@link Drainable.shutdown}. */
    shutdown: Drainable['shutdown']
  }
}

interface SocketState {
  inFlight: number
  idleSince: number
}

const SHED_BODY: { error: ApiErrorCode; message: string } = {
  error: 'service_unavailable',
  message: 'The server is shutting down; try again shortly',
}

/**
 * Sheds requests while the server shuts down and closes connections without resetting a request on them.
 *
 * Why each step: a `503` with `Connection: close` tells a keep-alive client not to reuse its connection, so the
 * server can close it right after the answer with nothing in the air. Idle connections are the hard part: closing
 * one can cross a request the client is sending at that moment (an `ECONNRESET` for the client). Node's
 * `server.close()` drops every idle connection at once, including one accepted a moment ago whose first request is
 * still on the wire. So during {@link Drainable.shutdown} every connection that was used since the drain began has
 * already been told to close; afterwards only connections that stayed idle through the whole drain window (longer
 * than clients keep an unused connection) are dropped, and fresh ones are given the time to send their request.
 * A plain `app.close()` (tests) keeps Node's behaviour but still sheds with the API's error shape.
 *
 * NOTE: Fastify's own `return503OnClosing` answers `{"error":"Service Unavailable",…}`, outside the contract's
 * codes; it is turned off in `app.ts` and this plugin takes its place.
 */
export function installDrainOnClose(app: FastifyInstance, options: DrainOptions): void {
  let closing = false
  let drainStartedAt: number | undefined
  const sockets = new Map<Socket, SocketState>()

  app.server.on('connection', (socket: Socket) => {
    sockets.set(socket, { inFlight: 0, idleSince: Date.now() })
    socket.once('close', () => sockets.delete(socket))
  })
  app.server.on('request', (request: { socket: Socket }, response: { once(event: 'close', listener: () => void): void }) => {
    const state = sockets.get(request.socket)
    if (state === undefined) return
    state.inFlight++
    response.once('close', () => {
      state.inFlight--
      state.idleSince = Date.now()
    })
  })

  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return
    // Serialised by hand: a route's own 503 schema (/healthz has one) must not reshape this answer.
    return reply
      .code(503)
      .header('connection', 'close')
      .header('retry-after', '1')
      .type('application/json; charset=utf-8')
      .serializer(JSON.stringify)
      .send(SHED_BODY)
  })

  /** Drops connections idle through the whole drain, or idle for a moment after it; cuts everything at the deadline. */
  function sweepAfterDrain(deadline: number): void {
    const drainStart = drainStartedAt ?? Date.now()
    const timer = setInterval(() => {
      const now = Date.now()
      for (const [socket, state] of sockets) {
        const idle = state.inFlight === 0
        const idleThroughDrain = idle && state.idleSince <= drainStart
        const settled = idle && now - state.idleSince >= 250
        if (idleThroughDrain || settled || now >= deadline) socket.destroy()
      }
      if (sockets.size === 0) clearInterval(timer)
    }, 25)
    timer.unref()
  }

  app.decorate('shutdown', async function shutdown(): Promise<void> {
    if (drainStartedAt !== undefined) return
    drainStartedAt = Date.now()
    closing = true
    if (app.server.listening) {
      await new Promise((resolve) => setTimeout(resolve, options.drainMs))
      // Node's close() would drop every idle connection at once; the sweep does it without crossing a request.
      app.server.closeIdleConnections = () => {}
      sweepAfterDrain(Date.now() + options.timeoutMs)
    }
    await app.close()
  })
}

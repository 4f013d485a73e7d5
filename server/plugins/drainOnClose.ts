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
   * `Connection: close` and `Retry-After` (the seconds until the drain ends, plus one), for `drainMs` while still
   * listening; then the listener closes, requests
   * in flight finish (at most `timeoutMs`), and the app closes. Resolves when the app is closed.
   */
  shutdown(): Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    /** See {@link Drainable.shutdown}. */
    shutdown: Drainable['shutdown']
  }
  interface FastifyContextConfig {
    /** Answered as usual while the server drains (the liveness probe); every other route is shed with 503. */
    drainExempt?: boolean
  }
}

/**
 * After the drain, a connection is closed once it has been idle this long: a keep-alive client that was about to
 * reuse it has sent its request by then (and been told to close), even on a loaded machine.
 */
export const IDLE_GRACE_MS = 1000

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
 * already been told to close; afterwards a connection is dropped only once it has been idle for
 * {@link IDLE_GRACE_MS}, so one a client is about to reuse (or just opened) gets its request in, and its 503.
 * Closing the listener resets connections the kernel completed but Node has not accepted yet, so the listener is
 * closed right after an event-loop poll phase (which accepts every pending connection), not from a timer.
 * A plain `app.close()` (tests) keeps Node's behaviour but still sheds with the API's error shape.
 *
 * NOTE: Fastify's own `return503OnClosing` answers `{"error":"Service Unavailable",…}`, outside the contract's
 * codes; it is turned off in `app.ts` and this plugin takes its place.
 */
export function installDrainOnClose(app: FastifyInstance, options: DrainOptions): void {
  let closing = false
  let draining = false
  /** When the listener closes during {@link Drainable.shutdown}; shed answers ask clients to come back after it. */
  let drainEndsAt: number | undefined
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
  app.addHook('onRequest', async (request, reply) => {
    if (!closing || request.routeOptions.config.drainExempt === true) return
    // Come back once the listener is closed, not while it closes: a connection opened at that instant, still
    // in the kernel's accept queue, would be reset.
    const retryAfterSec = drainEndsAt === undefined ? 1 : Math.max(1, Math.ceil((drainEndsAt - Date.now()) / 1000) + 1)
    // Serialised by hand: a route's own 503 schema (/healthz has one) must not reshape this answer.
    return reply
      .code(503)
      .header('connection', 'close')
      .header('retry-after', String(retryAfterSec))
      .type('application/json; charset=utf-8')
      .serializer(JSON.stringify)
      .send(SHED_BODY)
  })

  /** Drops connections idle for {@link IDLE_GRACE_MS}; cuts everything at the deadline. */
  function sweepAfterDrain(deadline: number): void {
    const timer = setInterval(() => {
      const now = Date.now()
      for (const [socket, state] of sockets) {
        if ((state.inFlight === 0 && now - state.idleSince >= IDLE_GRACE_MS) || now >= deadline) socket.destroy()
      }
      if (sockets.size === 0) clearInterval(timer)
    }, 25)
    timer.unref()
  }

  app.decorate('shutdown', async function shutdown(): Promise<void> {
    if (draining) return
    draining = true
    closing = true
    if (app.server.listening) {
      drainEndsAt = Date.now() + options.drainMs
      await new Promise((resolve) => setTimeout(resolve, options.drainMs))
      // setImmediate runs right after the poll phase, in which libuv accepts every connection pending on the listener.
      await new Promise((resolve) => setImmediate(resolve))
      // Node's close() would drop every idle connection at once; the sweep does it without crossing a request.
      app.server.closeIdleConnections = () => {}
      sweepAfterDrain(Date.now() + options.timeoutMs)
    }
    await app.close()
  })
}

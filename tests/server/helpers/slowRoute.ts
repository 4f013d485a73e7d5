import type { FastifyInstance } from 'fastify'

/**
 * Adds `GET <path>` that stays in flight until `release()` is called, and listens on a free loopback port:
 * the set-up of the shutdown tests, which need a request in flight while `close()` starts.
 */
export async function listenWithSlowRoute(
  app: FastifyInstance,
  path = '/slow',
): Promise<{ port: number; entered: Promise<void>; release: () => void }> {
  let entered!: () => void
  const handlerEntered = new Promise<void>((resolve) => (entered = resolve))
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  app.get(path, async () => {
    entered()
    await released
    return { done: true }
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return { port, entered: handlerEntered, release }
}

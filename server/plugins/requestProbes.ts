import type { FastifyInstance } from 'fastify'

/** At most this many distinct probe names are kept, so a long dev session cannot grow the map without bound. */
export const MAX_PROBES = 10_000
const PROBE = /[?&]probe=([\w.-]{1,64})(?:&|$)/

/** How often the server received requests carrying `?probe=<name>`, and how many of them had an Authorization header. */
export interface ProbeCount {
  received: number
  withAuthorization: number
}

/** The counters behind `GET /__dev/requests`, per process. */
export type RequestProbes = Map<string, ProbeCount>

/**
 * Counts, on the server, every request whose URL carries `?probe=<name>` (letters, digits, `_.-`, up to 64),
 * whatever route it reaches and whatever it is answered. Client test suites tag requests this way to assert how
 * often each one was really sent ("each request at most twice"). Registered on the root instance only when the
 * emulator is mounted, so production apps never run it; a counter past {@link MAX_PROBES} names is not added.
 */
export function countRequestProbes(app: FastifyInstance, probes: RequestProbes): void {
  app.addHook('onRequest', async (request) => {
    const name = PROBE.exec(request.url)?.[1]
    if (name === undefined) return
    let count = probes.get(name)
    if (count === undefined) {
      if (probes.size >= MAX_PROBES) return
      probes.set(name, (count = { received: 0, withAuthorization: 0 }))
    }
    count.received += 1
    if (request.headers.authorization !== undefined) count.withAuthorization += 1
  })
}

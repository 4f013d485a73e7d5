import { createServer } from 'node:net'

/**
 * Asks the OS for a free loopback TCP port. The port is released before it is returned, so a
 * stranger could take it in between; on a test machine that window is small enough to accept, and it
 * is what lets the suite stop the reference server and start it again on the same port.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      if (address === null || typeof address === 'string') {
        probe.close()
        reject(new Error('[e2e] could not read the port the OS picked'))
        return
      }
      probe.close(() => resolve(address.port))
    })
  })
}

import type { FastifyInstance } from 'fastify'
import { buildEmulator } from './buildEmulator'
import type { BuildEmulatorOptions } from './buildEmulator'
import { isLoopbackHost } from './isLoopbackHost'

/** A listening emulator. */
export interface StartedEmulator {
  /** e.g. `http://127.0.0.1:4010` (no trailing slash). */
  url: string
  app: FastifyInstance
  close(): Promise<void>
}

/** Options of {@link startEmulator}: the emulator's, plus where it listens. */
export interface StartEmulatorOptions extends BuildEmulatorOptions {
  /** Default 0: a free port. */
  port?: number
  /** Default 127.0.0.1. Any other address needs `allowRemote`. */
  host?: string
  /** Let the emulator bind an address other machines can reach (a backend in a container). */
  allowRemote?: boolean
}

/**
 * Builds the emulator and listens. Refuses, with a `TypeError`, under `NODE_ENV=production` and on a non-loopback
 * host unless `allowRemote` is set: the emulator gives login codes and phone numbers to anyone who asks.
 */
export async function startEmulator(options: StartEmulatorOptions): Promise<StartedEmulator> {
  const { port = 0, host = '127.0.0.1', allowRemote = false, ...emulatorOptions } = options
  if (process.env.NODE_ENV === 'production') throw new TypeError('NODE_ENV is production: the WeChat emulator never runs there')
  if (!isLoopbackHost(host) && !allowRemote) {
    throw new TypeError(`host "${host}" is not a loopback address: pass allowRemote to let other machines reach the emulator`)
  }
  const app = await buildEmulator(emulatorOptions)
  try {
    await app.listen({ port, host })
  } catch (error) {
    await app.close()
    throw error
  }
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('startEmulator: the emulator has no TCP address')
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  return { url: `http://${shownHost}:${address.port}`, app, close: () => app.close() }
}

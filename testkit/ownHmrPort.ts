import { createServer } from 'node:net'
import type { Plugin } from 'vite'

/** A port the OS says is free now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * Vite 5.2 opens an HMR WebSocket on port 24678 even for Vitest's middleware-mode servers (it ignores
 * Vitest's `ws: false`), so every project after the first, and every other run on the machine, logs
 * "WebSocket server error: Port is already in use". Each server gets a free port of its own instead.
 */
export function ownHmrPort(): Plugin {
  return {
    name: 'wx-login-state:own-hmr-port',
    // NOTE: after Vitest's own config hook, which sets `hmr: false` (and so the default port).
    config: { order: 'post', handler: async () => ({ server: { hmr: { port: await freePort() } } }) },
  }
}

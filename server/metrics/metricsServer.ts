import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Registry } from 'prom-client'

/** A running `/metrics` listener. */
export interface MetricsServer {
  /** `http://host:port`, the port the listener got (METRICS_PORT=0 picks a free one). */
  url: string
  close(): Promise<void>
}

/**
 * Serves `GET /metrics` (Prometheus text format) from `registry` on its own port, apart from the API: a load
 * balancer or the internet never reaches it unless the operator publishes that port, and the API's drain, rate
 * limits and logs do not touch scrapes. Anything else is a 404. Rejects when it cannot listen (port in use, ...).
 */
export function startMetricsServer(registry: Registry, options: { port: number; host: string }): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0]
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n')
      return
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(request.method === 'HEAD' ? undefined : text),
      () => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Metrics failed\n'),
    )
  })
  // A scrape every few seconds on a kept-alive connection is normal; do not hold idle ones for long.
  server.keepAliveTimeout = 65_000
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      const { address, family, port } = server.address() as AddressInfo
      const host = family === 'IPv6' ? `[${address}]` : address
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}

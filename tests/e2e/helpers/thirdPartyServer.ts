import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request a {@link ThirdPartyServer} received. */
export interface ThirdPartyHit {
  method: string
  path: string
  /** The Authorization header, or `undefined` when none was sent. */
  authorization: string | undefined
  /** What a CORS preflight announced it would send (`access-control-request-headers`), lower-cased. */
  announcedHeaders: string
}

/** A loopback HTTP host that is not the app's backend, recording what reaches it. */
export interface ThirdPartyServer {
  readonly url: string
  readonly hits: readonly ThirdPartyHit[]
  close(): Promise<void>
}

/**
 * Starts a tiny third-party host on a free loopback port: it answers every request `200 { ok: true }`
 * with permissive CORS (so the browser really sends the call, and would announce an Authorization
 * header in its preflight) and records each request's method, path and Authorization.
 */
export async function startThirdPartyServer(): Promise<ThirdPartyServer> {
  const hits: ThirdPartyHit[] = []
  const server: Server = createServer((req, res) => {
    hits.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
      announcedHeaders: String(req.headers['access-control-request-headers'] ?? '').toLowerCase(),
    })
    res.setHeader('access-control-allow-origin', '*')
    res.setHeader('access-control-allow-headers', '*')
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

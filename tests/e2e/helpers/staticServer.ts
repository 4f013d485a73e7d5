import { createServer, type Server } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

/** A running static server; `close()` resolves once the port is released. */
export interface StaticServer {
  readonly url: string
  close(): Promise<void>
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile()
  } catch {
    return false
  }
}

/**
 * Serves a built H5 app from `rootDir` on `127.0.0.1:port` (0 = any free port). Unknown paths get
 * `index.html`, as a single-page app expects; paths that climb out of `rootDir` get 404. Only the
 * e2e suite uses it: a real web server would add caching and compression, which a test does not need.
 */
export function startStaticServer(rootDir: string, port = 0): Promise<StaticServer> {
  const root = path.resolve(rootDir)
  const server: Server = createServer((req, res) => {
    void (async () => {
      let pathname: string
      try {
        pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)
      } catch {
        res.writeHead(400).end('bad path')
        return
      }
      const target = path.resolve(root, `.${pathname}`)
      if (target !== root && !target.startsWith(root + path.sep)) {
        res.writeHead(404).end('not found')
        return
      }
      const file = (await isFile(target)) ? target : path.join(root, 'index.html')
      try {
        const body = await readFile(file)
        res.writeHead(200, {
          'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        })
        res.end(req.method === 'HEAD' ? undefined : body)
      } catch {
        res.writeHead(500).end('cannot read file')
      }
    })()
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      const address = server.address()
      if (address === null || typeof address === 'string') {
        reject(new Error('[e2e] static server has no TCP address'))
        return
      }
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}

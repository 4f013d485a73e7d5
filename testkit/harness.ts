/**
 * The integration rig: the real reference server (with its in-process WeChat emulator) behind a loopback
 * TCP proxy, real client library instances on the Node platform, and a leak watch over every response
 * body the clients see and every server log line.
 */
import { createAuth, type Auth, type AuthOptions, type HttpHooks } from 'wx-login-state'
import type { FaultSpec } from '../packages/wx-emulator/src/index'
import { startServer, type StartServerOptions, type StartedServer } from '../server/testing/startServer'
import { createLeakWatch, type LeakWatch } from './leakWatch'
import { createNodePlatform, type NodePlatform } from './nodePlatform'
import { startTcpProxy, type TcpProxy } from './tcpProxy'

/** One client: a library instance and its platform (counts of wx.login calls and requests). */
export interface TestClient {
  auth: Auth
  platform: NodePlatform
}

/** Options of {@link Harness.client}; hooks run after the leak watch's own. */
export type ClientOptions = Partial<Pick<AuthOptions, 'timeoutMs' | 'autoLogin' | 'expiryLeewayMs'>> & {
  openid?: string
  /** A platform to use instead of a fresh Node platform (e.g. one with a gated transport). */
  platform?: NodePlatform
  afterResponse?: HttpHooks['afterResponse']
}

/** Counters of `GET /__dev/stats`. */
export interface DevStats {
  logins: number
  code2SessionCalls: number
  sessionsAlive: number
  users: number
}

/** See the module comment. */
export interface Harness {
  /** The server currently behind the proxy (a new one after `restart()`). */
  readonly server: StartedServer
  readonly proxy: TcpProxy
  /** The base URL clients use: the proxy's. */
  readonly url: string
  readonly watch: LeakWatch
  /** A fresh client; by default it logs in silently when needed (`autoLogin: 'always'`). */
  client(options?: ClientOptions): TestClient
  devStats(): Promise<DevStats>
  /** Queues a WeChat fault through the emulator's HTTP API. */
  fault(spec: FaultSpec): Promise<void>
  /** Closes the server (every in-memory session and user is gone) and starts a new one behind the same URL. */
  restart(): Promise<void>
  /** Registers the current access token with the leak watch, then closes everything. */
  close(): Promise<void>
}

/** Starts a {@link Harness}; `options` go to `startServer` (logs default to `debug`, all captured). */
export async function startHarness(options: StartServerOptions = {}): Promise<Harness> {
  const watch = createLeakWatch()
  const serverOptions = (): StartServerOptions => ({
    logLevel: 'debug',
    ...options,
    deps: { ...options.deps, logStream: watch.logStream },
  })
  let server = await startServer(serverOptions())
  watch.watchServer(server)
  const proxy = await startTcpProxy(portOf(server.url))

  async function post(path: string, body: unknown): Promise<Response> {
    return fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  }

  return {
    get server() {
      return server
    },
    proxy,
    url: proxy.url,
    watch,
    client(opts = {}) {
      const platform = opts.platform ?? createNodePlatform({ emulatorURL: proxy.url, ...(opts.openid === undefined ? {} : { openid: opts.openid }) })
      const auth = createAuth({
        platform,
        baseURL: proxy.url,
        autoLogin: opts.autoLogin ?? 'always',
        ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
        ...(opts.expiryLeewayMs === undefined ? {} : { expiryLeewayMs: opts.expiryLeewayMs }),
        hooks: {
          afterResponse: [({ request, response }) => watch.recordBody(request.url, response.data), ...(opts.afterResponse ?? [])],
        },
      })
      return { auth, platform }
    },
    async devStats() {
      const res = await fetch(`${server.url}/__dev/stats`)
      const body = (await res.json()) as DevStats
      watch.recordBody('/__dev/stats', body)
      return body
    },
    async fault(spec) {
      const res = await post('/__emulator/faults', spec)
      if (res.status !== 201) throw new Error(`harness: the emulator refused the fault (${res.status}): ${await res.text()}`)
    },
    async restart() {
      // The proxy plays the load balancer: clients keep their connections, new requests reach the new server.
      await server.close()
      server = await startServer(serverOptions())
      watch.watchServer(server)
      proxy.retarget(portOf(server.url))
    },
    async close() {
      try {
        await fetch(`${server.url}/__emulator/faults`, { method: 'DELETE' })
        await watch.collectAccessToken(server)
      } finally {
        await proxy.close()
        await server.close()
      }
    },
  }
}

function portOf(url: string): number {
  return Number(new URL(url).port)
}

/** One host and port of a Redis deployment. */
export interface RedisHost {
  host: string
  port: number
}

/** Credentials and transport shared by every node of a deployment. */
export interface RedisAuth {
  username?: string
  password?: string
  /** `rediss`: TLS to every node (and to the sentinels). */
  tls: boolean
}

/** What a `REDIS_URL` designates; see {@link parseRedisUrl} for the syntax. */
export type RedisTarget =
  | ({ mode: 'single'; url: string } & RedisAuth)
  | ({ mode: 'sentinel'; sentinels: RedisHost[]; masterName: string; db: number; sentinelPassword?: string } & RedisAuth)
  | ({ mode: 'cluster'; nodes: RedisHost[] } & RedisAuth)

/** Thrown by {@link parseRedisUrl}; the message says what is wrong, never the password. */
export class RedisUrlError extends Error {
  override readonly name = 'RedisUrlError'
}

const SCHEMES: Readonly<Record<string, { mode: RedisTarget['mode']; tls: boolean }>> = {
  redis: { mode: 'single', tls: false },
  rediss: { mode: 'single', tls: true },
  'redis+sentinel': { mode: 'sentinel', tls: false },
  'rediss+sentinel': { mode: 'sentinel', tls: true },
  'redis+cluster': { mode: 'cluster', tls: false },
  'rediss+cluster': { mode: 'cluster', tls: true },
}

const DEFAULT_PORT = { single: 6379, sentinel: 26379, cluster: 6379 } as const

function parseHosts(list: string, defaultPort: number): RedisHost[] {
  const hosts = list.split(',').map((entry) => {
    // `[::1]:6379`, `host:6379` or `host`.
    const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(entry.trim())
    const port = match?.[2] === undefined ? defaultPort : Number(match[2])
    if (match?.[1] === undefined || port < 1 || port > 65_535) throw new RedisUrlError(`"${entry}" is not a host or host:port`)
    return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port }
  })
  if (hosts.length === 0) throw new RedisUrlError('names no host')
  return hosts
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    throw new RedisUrlError('has a badly percent-encoded user or password')
  }
}

/**
 * Parses a `REDIS_URL` into what ioredis needs, throwing a {@link RedisUrlError} on anything else. Forms:
 * `redis[s]://[[user]:password@]host[:port][/db]` (one node, handed to ioredis as is);
 * `redis[s]+sentinel://[[user]:password@]sentinel1[:26379][,sentinel2…]/<master-name>[/db][?sentinelPassword=…]`
 * (the user and password are the data nodes'; the sentinels' password is separate);
 * `redis[s]+cluster://[[user]:password@]node1[:6379][,node2…]` (seed nodes; the rest is discovered).
 * `rediss` turns TLS on for every connection. Cluster has no databases, so a path there is refused.
 */
export function parseRedisUrl(raw: string): RedisTarget {
  const match = /^([a-z+]+):\/\/(?:([^@/]*)@)?([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/.exec(raw.trim())
  const scheme = match === null ? undefined : SCHEMES[match[1] ?? '']
  if (match === null || scheme === undefined) {
    throw new RedisUrlError(`must start with one of ${Object.keys(SCHEMES).map((s) => `${s}://`).join(', ')}`)
  }
  const [, , userinfo, hostList = '', path = '', query = ''] = match
  const auth: RedisAuth = { tls: scheme.tls }
  if (userinfo !== undefined && userinfo !== '') {
    const colon = userinfo.indexOf(':')
    const user = decode(colon === -1 ? userinfo : userinfo.slice(0, colon))
    const password = colon === -1 ? '' : decode(userinfo.slice(colon + 1))
    // `redis://secret@host` is a password in ioredis' reading too: a lone userinfo without a colon.
    if (colon === -1) auth.password = user
    else {
      if (user !== '') auth.username = user
      if (password !== '') auth.password = password
    }
  }
  const segments = path.split('/').filter((s) => s !== '')
  const db = (value: string | undefined): number => {
    if (value === undefined) return 0
    if (!/^\d{1,2}$/.test(value)) throw new RedisUrlError(`has "${value}" where a database number belongs`)
    return Number(value)
  }

  if (scheme.mode === 'single') {
    const [host] = parseHosts(hostList, DEFAULT_PORT.single)
    if (hostList.includes(',')) throw new RedisUrlError('names several hosts: use redis+cluster:// or redis+sentinel://')
    if (segments.length > 1) throw new RedisUrlError('has a path beyond the database number')
    db(segments[0])
    if (host === undefined) throw new RedisUrlError('names no host')
    return { mode: 'single', url: raw.trim(), ...auth }
  }
  if (scheme.mode === 'cluster') {
    if (segments.length > 0) throw new RedisUrlError('has a path: Redis Cluster has no databases')
    return { mode: 'cluster', nodes: parseHosts(hostList, DEFAULT_PORT.cluster), ...auth }
  }
  const [masterName, dbSegment, extra] = segments
  if (masterName === undefined) throw new RedisUrlError('names no master: add /<master-name> after the sentinels')
  if (extra !== undefined) throw new RedisUrlError('has a path beyond /<master-name>/<db>')
  const sentinelPassword = new URLSearchParams(query).get('sentinelPassword') ?? undefined
  return {
    mode: 'sentinel',
    sentinels: parseHosts(hostList, DEFAULT_PORT.sentinel),
    masterName: decode(masterName),
    db: db(dbSegment),
    ...(sentinelPassword === undefined || sentinelPassword === '' ? {} : { sentinelPassword }),
    ...auth,
  }
}

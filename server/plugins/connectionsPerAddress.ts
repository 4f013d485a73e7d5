import { BlockList, isIPv4, isIPv6 } from 'node:net'
import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { addressGroup } from './addressGroup'

/** Options of {@link limitConnectionsPerAddress}. */
export interface ConnectionsPerAddressOptions {
  /** Open connections one address may hold; 0 turns the limit off. */
  max: number
  /** The config's TRUST_PROXY: the proxies' connections are exempt (a hop count or `true` exempts every peer). */
  trustProxy: boolean | number | string[]
}

/** What {@link limitConnectionsPerAddress} returns, for tests and metrics. */
export interface ConnectionsPerAddress {
  /** Open connections of one address (IPv4-mapped IPv6 counts as its IPv4 address, IPv6 by its /64). */
  open(address: string): number
  /** Connections refused on accept since the start. */
  readonly refused: number
}

// The names proxy-addr (Fastify's trustProxy) accepts for address ranges.
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
}

/** The socket's peer as one key: `::ffff:10.0.0.1` and `10.0.0.1` are the same client. */
function addressKey(address: string | undefined): string {
  if (address === undefined) return ''
  const lower = address.toLowerCase()
  return lower.startsWith('::ffff:') && isIPv4(lower.slice(7)) ? lower.slice(7) : lower
}

/** The TRUST_PROXY addresses and CIDRs as a set to test peers against. */
function proxyList(entries: readonly string[]): BlockList {
  const list = new BlockList()
  for (const entry of entries.flatMap((e) => NAMED_RANGES[e] ?? [e])) {
    const [address = '', bits] = entry.split('/')
    const key = addressKey(address)
    const family = isIPv4(key) ? 'ipv4' : isIPv6(key) ? 'ipv6' : undefined
    if (family === undefined) continue
    if (bits === undefined) list.addAddress(key, family)
    else list.addSubnet(key, Number(bits), family)
  }
  return list
}

/**
 * Caps the connections one remote address (the socket's own peer, never a forwarded header; an IPv6 peer by its
 * /64) may hold open at once: a connection past the cap is closed on accept, before a byte of it is parsed, like those past
 * MAX_CONNECTIONS. Without it, one client that opens and reopens sockets (or leaves each idle on keep-alive after
 * one request) holds every slot of MAX_CONNECTIONS and nobody else is answered. Connections from the proxies of
 * TRUST_PROXY are exempt, since all their clients share their address: the proxy must limit its own clients.
 */
export function limitConnectionsPerAddress(server: Server, options: ConnectionsPerAddressOptions): ConnectionsPerAddress {
  const counts = new Map<string, number>()
  let refused = 0
  const everyPeerIsProxy = options.trustProxy === true || typeof options.trustProxy === 'number'
  const proxies = Array.isArray(options.trustProxy) ? proxyList(options.trustProxy) : undefined
  const isProxy = (key: string): boolean =>
    everyPeerIsProxy || (proxies !== undefined && key !== '' && proxies.check(key, isIPv4(key) ? 'ipv4' : 'ipv6'))

  if (options.max > 0) {
    server.on('connection', (socket: Socket) => {
      const peer = addressKey(socket.remoteAddress)
      if (isProxy(peer)) return
      // An IPv6 client owns its whole /64 and could spread its sockets over it.
      const key = peer === '' ? '' : addressGroup(peer)
      const open = counts.get(key) ?? 0
      if (open >= options.max) {
        refused++
        socket.destroy()
        return
      }
      counts.set(key, open + 1)
      socket.once('close', () => {
        const left = (counts.get(key) ?? 1) - 1
        if (left <= 0) counts.delete(key)
        else counts.set(key, left)
      })
    })
  }
  return {
    open: (address) => counts.get(addressGroup(addressKey(address))) ?? 0,
    get refused() {
      return refused
    },
  }
}

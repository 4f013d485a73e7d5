import { isIPv4, isIPv6 } from 'node:net'

/** Expands an IPv6 address (no zone) to its eight 16-bit groups; undefined when it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address
  const lastColon = text.lastIndexOf(':')
  const dotted = text.slice(lastColon + 1)
  if (isIPv4(dotted)) {
    // A trailing dotted quad (`64:ff9b::192.0.2.33`) is the last two groups.
    const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number)
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', rest] = text.split('::')
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((h) => Number.parseInt(h, 16)))
  const left = parse(head)
  const right = rest === undefined ? [] : parse(rest)
  const missing = 8 - left.length - right.length
  if (missing < 0 || (rest === undefined && missing !== 0)) return undefined
  return [...left, ...Array.from({ length: missing }, () => 0), ...right]
}

/**
 * The key a per-address limit counts a client under: an IPv4 address as it is (also when IPv4-mapped,
 * `::ffff:203.0.113.7`), and an IPv6 address by its /64, the block one subscriber line or host is given. An
 * IPv6 client can pick any of the 2^64 addresses of its /64 for every request, so keying on the full address
 * gave it a fresh limit each time.
 */
export function addressGroup(ip: string): string {
  const address = ip.replace(/%.*$/, '').toLowerCase()
  if (address.startsWith('::ffff:') && isIPv4(address.slice(7))) return address.slice(7)
  if (!isIPv6(address)) return address
  const groups = ipv6Groups(address)
  if (groups === undefined) return address
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`
}

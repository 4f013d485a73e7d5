import { connect } from 'node:net'
import type { Socket } from 'node:net'

/** What came back on a raw connection. */
export interface RawAnswer {
  /** Everything the server wrote, as latin1. */
  raw: string
  /** Status of the first response, or undefined when none arrived. */
  status: number | undefined
  /** Headers of the first response, lower-cased names. */
  headers: Record<string, string>
  /** Body of the first response. */
  body: string
  /** How the connection ended: the server closed it, it reset, or the wait ran out with it still open. */
  ended: 'closed' | 'reset' | 'open'
  /** Milliseconds from the first write until the connection ended (or the wait ran out). */
  elapsedMs: number
}

/** Splits the first HTTP/1.1 response out of raw bytes. */
export function parseFirstResponse(raw: string): Pick<RawAnswer, 'status' | 'headers' | 'body'> {
  const headEnd = raw.indexOf('\r\n\r\n')
  if (!raw.startsWith('HTTP/1.1 ') || headEnd < 0) return { status: undefined, headers: {}, body: '' }
  const [statusLine = '', ...lines] = raw.slice(0, headEnd).split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const length = Number(headers['content-length'] ?? Number.NaN)
  const rest = raw.slice(headEnd + 4)
  return { status: Number(statusLine.split(' ')[1]), headers, body: Number.isFinite(length) ? rest.slice(0, length) : rest }
}

/**
 * Opens a loopback connection and resolves once it is connected. `from` picks the client's source address
 * (any of 127.0.0.0/8 on Linux), so one test can act as several clients.
 */
export function openSocket(port: number, from?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', ...(from === undefined ? {} : { localAddress: from }) }, () => resolve(socket))
    socket.once('error', reject)
  })
}

/**
 * Writes `bytes` on a fresh connection (or on `socket`) and collects what comes back until the server closes the
 * connection or `waitMs` passes. With `halfClose`, the client ends its side after writing, as a client that has
 * nothing more to send does, so the server sees the end of the stream at once. Never rejects: a reset is
 * reported in `ended`.
 */
export async function rawExchange(port: number, bytes: string | Buffer, waitMs = 5000, socket?: Socket, halfClose = false): Promise<RawAnswer> {
  const s = socket ?? (await openSocket(port))
  const started = Date.now()
  return new Promise((resolve) => {
    let raw = ''
    let settled = false
    const finish = (ended: RawAnswer['ended']): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (ended === 'open') s.destroy()
      resolve({ raw, ...parseFirstResponse(raw), ended, elapsedMs: Date.now() - started })
    }
    const timer = setTimeout(() => finish('open'), waitMs)
    s.setEncoding('latin1')
    s.on('data', (chunk: string) => (raw += chunk))
    s.on('error', () => finish('reset'))
    s.on('close', () => finish('closed'))
    if (bytes.length > 0) s.write(bytes)
    if (halfClose) s.end()
  })
}

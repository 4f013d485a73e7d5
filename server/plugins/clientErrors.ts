import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyBaseLogger } from 'fastify'
import type { ApiErrorCode } from '../errors'

/** The answer to an error Node's HTTP parser or timers raise before any route runs. */
export interface ClientErrorAnswer {
  status: number
  code: ApiErrorCode
  message: string
}

/** Maps a `clientError` (an llhttp `HPE_*` code or Node's request timeout) onto the API's error codes. */
export function clientErrorAnswer(error: { code?: unknown }): ClientErrorAnswer {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'request_timeout', message: 'The request did not arrive in time' }
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'header_too_large', message: 'The request line and headers are too large' }
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: 'payload_too_large', message: 'The chunk extensions are too large' }
    default:
      return { status: 400, code: 'invalid_request', message: 'Malformed HTTP request' }
  }
}

/**
 * Builds Fastify's `clientErrorHandler`: a request Node could not parse (broken request line, bad headers or
 * chunked framing, a head over MAX_HEADER_BYTES) or that did not arrive within HEADERS_TIMEOUT_MS /
 * REQUEST_TIMEOUT_MS gets the contract's `{ error, message }` body, `Connection: close`, and the socket is closed.
 *
 * NOTE: Fastify's default handler answers `{"error":"Bad Request","message":"Client Error","statusCode":400}`,
 * outside the contract. Nothing is written when a response has already started on the socket (a pipelined
 * request), since bytes there would corrupt it.
 */
export function createClientErrorHandler(log: FastifyBaseLogger) {
  return function onClientError(error: Error & { code?: unknown }, socket: Socket): void {
    if (error.code === 'ECONNRESET' || socket.destroyed) return
    const answer = clientErrorAnswer(error)
    log.debug({ code: error.code, status: answer.status }, 'client error')
    const inResponse = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true
    if (socket.writable && !inResponse) {
      const body = JSON.stringify({ error: answer.code, message: answer.message })
      socket.write(
        `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? 'Error'}\r\n` +
          'Content-Type: application/json; charset=utf-8\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\n` +
          'Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n' +
          body,
      )
    }
    socket.destroySoon()
  }
}

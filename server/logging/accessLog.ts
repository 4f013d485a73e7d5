import { LogController } from 'fastify'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { pino } from 'pino'
import type { DestinationStream, Logger } from 'pino'
import type { LogLevel } from '../config'
import { redactSecrets, scrubUrl } from '../logger'

/**
 * The logger of the access lines: the same stream and level as the server's logger, but without its field-path
 * redaction and its whole-line pattern pass, which cost about ten times the line itself (docs/server.md, "Logs").
 * Neither is needed here: an access line is built from a fixed set of fields (see {@link AccessLogController}),
 * and the only free-form ones, the URL, the Host header and the client address, are scrubbed one by one.
 */
export function createAccessLogger(level: LogLevel, stream: DestinationStream): Logger {
  return pino({ level }, stream)
}

/**
 * Fastify's per-request log lines, cut from two (`incoming request` and `request completed`) to one, written when
 * the answer is sent: `{ reqId, req: { method, url, host, remoteAddress }, res: { statusCode }, responseTime }`.
 * The URL loses its query values ({@link scrubUrl}) and the URL, host and address lose anything shaped like a
 * secret ({@link redactSecrets}), as in every other line. A request that ends in an error keeps Fastify's
 * `request errored` line, on the request's own (fully redacting) logger. A 404 gets the access line only.
 */
export class AccessLogController extends LogController {
  private readonly enabled: boolean

  constructor(private readonly access: Logger) {
    super()
    this.enabled = access.isLevelEnabled('info')
  }

  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) {
      reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored')
      return
    }
    if (!this.enabled) return
    this.access.info(
      {
        reqId: request.id,
        req: {
          method: request.method,
          url: redactSecrets(scrubUrl(request.url)),
          host: redactSecrets(request.host),
          remoteAddress: redactSecrets(request.ip),
        },
        res: { statusCode: reply.statusCode },
        responseTime: reply.elapsedTime,
      },
      'request completed',
    )
  }
}

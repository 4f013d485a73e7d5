import { ERROR_PREFIX } from '../errors'

/** The stable kinds a platform failure is reduced to; adapters map uni/wx `errMsg` strings to these once. */
export type PlatformErrorKind = 'network' | 'timeout' | 'aborted' | 'storage' | 'unsupported' | 'denied' | 'failed'

/**
 * What a `Platform` throws. Adapters convert uni's `{ errMsg }` failures into this once, at the edge,
 * so the rest of the library branches on `kind` and never parses strings.
 */
export class PlatformError extends Error {
  readonly kind: PlatformErrorKind
  /** The original `errMsg`, kept for logs; never parse it outside the adapter. */
  readonly errMsg: string
  /** A login failure reason the adapter already knows precisely (e.g. `web_auth_denied`); the login reports it as is. */
  readonly reason: string | undefined

  constructor(kind: PlatformErrorKind, errMsg: string, options?: { cause?: unknown; reason?: string }) {
    super(`${ERROR_PREFIX} ${errMsg} (${kind})`)
    Object.setPrototypeOf(this, new.target.prototype)
    this.name = 'PlatformError'
    this.kind = kind
    this.errMsg = errMsg
    this.reason = options?.reason
    if (options && 'cause' in options) {
      Object.defineProperty(this, 'cause', { value: options.cause, writable: true, configurable: true })
    }
  }
}

/** Type guard for {@link PlatformError}, used where a platform call may throw anything. */
export function isPlatformError(error: unknown): error is PlatformError {
  return error instanceof PlatformError
}

/**
 * Maps a uni/wx failure (`{ errMsg: 'request:fail timeout' }`, an `Error`, or anything else) to a
 * {@link PlatformError}. `fallback` is the kind used when the message says nothing more specific:
 * `network` for requests, `storage` for storage calls, `failed` for the rest.
 */
export function toPlatformError(failure: unknown, fallback: PlatformErrorKind = 'failed'): PlatformError {
  if (failure instanceof PlatformError) return failure
  const errMsg = readErrMsg(failure)
  return new PlatformError(kindOfErrMsg(errMsg, fallback), errMsg, { cause: failure })
}

/** Classifies an `errMsg`; exported so that adapters and their tests share one table. */
export function kindOfErrMsg(errMsg: string, fallback: PlatformErrorKind): PlatformErrorKind {
  const msg = errMsg.toLowerCase()
  // NOTE: order matters: 'request:fail abort' must not fall through to the generic ':fail' rule.
  if (/\babort/.test(msg)) return 'aborted'
  if (/time ?out|timed out|etimedout/.test(msg)) return 'timeout'
  if (/privacy|auth deny|auth denied|permission|\bdeny\b|denied/.test(msg)) return 'denied'
  if (/not support|unsupported|is not a function|not implemented/.test(msg)) return 'unsupported'
  if (/exceed|quota|storage/.test(msg)) return 'storage'
  return fallback
}

function readErrMsg(failure: unknown): string {
  if (typeof failure === 'string') return failure
  if (typeof failure === 'object' && failure !== null) {
    const errMsg = (failure as { errMsg?: unknown }).errMsg
    if (typeof errMsg === 'string') return errMsg
    const message = (failure as { message?: unknown }).message
    if (typeof message === 'string') return message
  }
  return 'unknown platform failure'
}

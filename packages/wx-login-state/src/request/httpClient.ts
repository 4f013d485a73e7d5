import { CancelledError, HttpError, InvalidResponseError, LoginRequiredError, isAuthError, usageError } from '../errors'
import type { CancelSignal, HttpMethod, TransportRequest, TransportUpload } from '../platform/types'
import type { BackendClient } from '../backend/backendClient'
import type { SessionTokens } from '../session/sessionTokens'
import { describeCall, isUpload, type Sender } from '../transport/sender'
import type { HttpClient, RequestOptions, UploadOptions } from './types'
import { buildURL, redactURL } from '../transport/url'

/** Options of {@link createHttpClient}; `createAuth` fills them from `AuthOptions`. */
export interface HttpClientOptions {
  sender: Sender
  tokens: SessionTokens
  baseURL: string
  /** Where the token goes and what "session expired" means. */
  backend: Pick<BackendClient, 'withToken' | 'isSessionExpired'>
  timeoutMs?: number
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']

/**
 * Creates the request client. A 2xx answer resolves with its body (validated when `validate` is
 * given); a session expiry triggers one shared re-login and exactly one retry, and a second expiry on
 * that retry rejects with `LoginRequiredError` instead of looping; any other non-2xx rejects with
 * `HttpError`; transport failures reject with `NetworkError`, `TimeoutError` or `CancelledError`.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { sender, tokens } = options
  // NOTE: the request path is hot (see docs/benchmarks.md): the base is trimmed once, and joined URLs
  // of query-less calls are cached, since apps call the same few endpoints over and over.
  const base = options.baseURL.replace(/\/+$/, '')
  const joined = new Map<string, string>()
  const urlFor = (url: string, query: RequestOptions<unknown>['query']): string => {
    if (query) return buildURL(base, url, query)
    let out = joined.get(url)
    if (out === undefined) {
      out = buildURL(base, url)
      if (joined.size < 256) joined.set(url, out)
    }
    return out
  }
  const defaultTimeout = options.timeoutMs ?? 10_000
  const { withToken, isSessionExpired } = options.backend

  async function execute<T>(
    request: TransportRequest | TransportUpload,
    auth: boolean,
    cancel: CancelSignal | undefined,
    validate: ((data: unknown) => T) | undefined,
  ): Promise<T> {
    // Built only when an error needs it: it is string work that a successful call never uses.
    const call = () => describeCall(request)
    const baseHeaders = request.headers
    let retryCount = 0
    // The hooks see (and may edit) a fresh copy per attempt, so the retry starts from the caller's headers.
    let attempt: TransportRequest | TransportUpload = request
    try {
      let token = auth ? await whileNotCancelled(tokens.getToken(), cancel, call) : undefined
      for (;;) {
        attempt = { ...request, headers: token === undefined ? { ...baseHeaders } : withToken(baseHeaders, token) }
        const response = await sender.send(attempt, retryCount)
        if (token !== undefined && isSessionExpired({ status: response.status, data: response.data, headers: response.headers })) {
          // Bounded structurally: the retry never re-enters this branch's re-login.
          if (retryCount > 0) throw new LoginRequiredError(`${call()} failed: the session expired again right after a re-login`)
          token = await whileNotCancelled(tokens.handleExpired(token), cancel, call)
          retryCount++
          continue
        }
        if (response.status < 200 || response.status >= 300) {
          throw new HttpError({ status: response.status, body: response.data, method: isUpload(request) ? 'POST' : request.method, url: redactURL(request.url) })
        }
        if (!validate) return response.data as T
        try {
          return validate(response.data)
        } catch (error) {
          throw new InvalidResponseError(`${call()} returned an unexpected body: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
        }
      }
    } catch (error) {
      if (isAuthError(error)) throw await sender.fail(attempt, error, retryCount)
      throw error
    }
  }

  return {
    // Async functions, so that misuse rejects like every other failure instead of throwing.
    async request<T = unknown>(opts: RequestOptions<T>): Promise<T> {
      checkCommon(opts, 'request')
      const method = opts.method ?? 'GET'
      if (!METHODS.includes(method)) throw usageError(`request(): unsupported method ${String(method)}`)
      const headers: Record<string, string> = {}
      if (opts.data !== undefined && typeof opts.data !== 'string') headers['Content-Type'] = 'application/json'
      Object.assign(headers, opts.headers)
      const request: TransportRequest = {
        url: urlFor(opts.url, opts.query),
        method,
        headers,
        timeoutMs: opts.timeoutMs ?? defaultTimeout,
      }
      if (opts.data !== undefined) request.data = opts.data
      if (opts.cancel) request.cancel = opts.cancel
      return execute(request, opts.auth ?? true, opts.cancel, opts.validate)
    },
    async upload<T = unknown>(opts: UploadOptions<T>): Promise<T> {
      checkCommon(opts, 'upload')
      if (typeof opts.filePath !== 'string' || opts.filePath.length === 0) {
        throw usageError('upload(): filePath must be a non-empty string')
      }
      const request: TransportUpload = {
        url: urlFor(opts.url, undefined),
        headers: { ...opts.headers },
        filePath: opts.filePath,
        name: opts.name ?? 'file',
        timeoutMs: opts.timeoutMs ?? defaultTimeout,
      }
      if (opts.formData) request.formData = { ...opts.formData }
      if (opts.cancel) request.cancel = opts.cancel
      return execute(request, opts.auth ?? true, opts.cancel, opts.validate)
    },
  }
}

/** Rejects misuse with a `TypeError` naming the call and the fix. */
function checkCommon(opts: { url?: unknown; timeoutMs?: unknown; validate?: unknown } | null | undefined, name: string): void {
  if (typeof opts !== 'object' || opts === null) throw usageError(`${name}(options) needs an options object`)
  if (typeof opts.url !== 'string' || opts.url.length === 0) throw usageError(`${name}(): url must be a non-empty string`)
  const t = opts.timeoutMs
  if (t !== undefined && (typeof t !== 'number' || !Number.isFinite(t) || t <= 0)) {
    throw usageError(`${name}(): timeoutMs must be a positive number`)
  }
  if (opts.validate !== undefined && typeof opts.validate !== 'function') {
    throw usageError(`${name}(): validate must be a function`)
  }
}

/** Awaits `promise`, but rejects with `CancelledError` as soon as `cancel` fires. */
function whileNotCancelled<T>(promise: Promise<T>, cancel: CancelSignal | undefined, call: () => string): Promise<T> {
  if (!cancel) return promise
  if (cancel.cancelled) return Promise.reject(new CancelledError(`${call()} was cancelled`))
  return new Promise<T>((resolve, reject) => {
    const off = cancel.onCancel(() => reject(new CancelledError(`${call()} was cancelled`)))
    promise.then(
      (value) => {
        off()
        resolve(value)
      },
      (error: unknown) => {
        off()
        reject(error)
      },
    )
  })
}

export type { HttpClient, RequestOptions, UploadOptions, ExpiryContext } from './types'

import type { CancelSignal, HttpMethod } from '../platform/types'
import type { QueryParams } from '../transport/url'

/** Options of `HttpClient.request`. */
export interface RequestOptions<T = unknown> {
  /** Joined to the base URL unless absolute. */
  url: string
  /** Default `GET`. Mini programs have no `PATCH`; the contract accepts `PUT` instead. */
  method?: HttpMethod
  /** A JSON-serialisable body, or a string sent as is. */
  data?: unknown
  query?: QueryParams
  headers?: Record<string, string>
  /** Default `true`: send the token, and re-log in once when the session expired. */
  auth?: boolean
  /** Default: the client's `timeoutMs`. */
  timeoutMs?: number
  cancel?: CancelSignal
  /** Checks the 2xx body and returns it typed; throw to reject (wrapped as `InvalidResponseError`). */
  validate?: (data: unknown) => T
}

/** Options of `HttpClient.upload` (a multipart `POST` through `uploadFile`). */
export interface UploadOptions<T = unknown> {
  url: string
  /** A temp file path from chooseAvatar / chooseImage. */
  filePath: string
  /** The multipart field name; default `'file'`. */
  name?: string
  formData?: Record<string, string>
  /** Extra headers; the client sets `Authorization` itself when `auth` is on. */
  headers?: Record<string, string>
  auth?: boolean
  timeoutMs?: number
  cancel?: CancelSignal
  validate?: (data: unknown) => T
}

/** What `isSessionExpired` inspects: the raw answer before it is interpreted. */
export interface ExpiryContext {
  status: number
  data: unknown
  headers: Record<string, string>
}

/** The request client: JSON requests and uploads with the token, expiry handling and typed errors. */
export interface HttpClient {
  request<T = unknown>(options: RequestOptions<T>): Promise<T>
  upload<T = unknown>(options: UploadOptions<T>): Promise<T>
}

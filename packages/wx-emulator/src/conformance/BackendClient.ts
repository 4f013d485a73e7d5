import type { HttpAnswer, TargetRequest } from './ConformanceTarget'

/** A request and its answer (status 0 when the network failed), as a failed rule shows them. */
export interface Exchange {
  request: TargetRequest
  answer: HttpAnswer
}

const REQUEST_TIMEOUT_MS = 15_000

/** Sends {@link TargetRequest}s to a backend and records every exchange. */
export class BackendClient {
  constructor(private readonly baseUrl: string) {}

  /** Sends one request; never throws: a network failure is an answer with status 0. */
  async send(request: TargetRequest): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...request.headers }
    let body: string | undefined
    if (request.body !== undefined) {
      body = JSON.stringify(request.body)
      headers['content-type'] ??= 'application/json'
    }
    try {
      const response = await fetch(new URL(request.path, this.baseUrl), {
        method: request.method,
        headers,
        ...(body === undefined ? {} : { body }),
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
      const text = await response.text()
      let json: unknown
      try {
        json = text === '' ? undefined : JSON.parse(text)
      } catch {
        json = undefined
      }
      const answerHeaders: Record<string, string> = {}
      response.headers.forEach((value, name) => {
        answerHeaders[name.toLowerCase()] = value
      })
      return { status: response.status, headers: answerHeaders, text, json }
    } catch (error) {
      const reason = error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error)
      return { status: 0, headers: {}, text: `network error: ${reason}`, json: undefined }
    }
  }
}

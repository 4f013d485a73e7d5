import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

/** `wx.request`'s methods; anything else (PATCH) fails before a byte is sent, as in WeChat. */
export const WX_REQUEST_METHODS = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT'] as const

type Callbacks = { success?: (res: unknown) => void; fail?: (err: unknown) => void; complete?: (res: unknown) => void }

/** Calls success/fail then complete, on a later tick: WeChat never answers synchronously. */
export function answer(options: Callbacks, ok: boolean, result: Record<string, unknown>): void {
  setTimeout(() => {
    if (ok) options.success?.(result)
    else options.fail?.(result)
    options.complete?.(result)
  }, 0)
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v
  return out
}

function encodeForm(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'object' ? JSON.stringify(v) : String(v))}`)
    .join('&')
}

interface RawResponse {
  status: number
  headers: Record<string, string>
  body: Buffer
}

/** One HTTP exchange over a real socket; rejects with WeChat's errMsg tail (`timeout`, `abort`, the socket error). */
function exchange(url: URL, method: string, headers: Record<string, string>, body: Buffer | undefined, timeoutMs: number, signal: AbortSignal): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        clearTimeout(timer)
        resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body: Buffer.concat(chunks) })
      })
      res.on('error', (e) => reject(new Error(e.message)))
    })
    const timer = setTimeout(() => {
      req.destroy()
      reject(new Error('timeout'))
    }, timeoutMs)
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      req.destroy()
      reject(new Error('abort'))
    })
    req.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      reject(new Error(e.code ?? e.message))
    })
    req.end(body)
  })
}

/** What the network part of the test `wx` needs from its phone: where temp files live and a record of hosts. */
export interface NetworkDeps {
  /** Maps a `wxfile://` temp path to a file on disk, or undefined when the phone has no such file. */
  tempFile(wxPath: string): string | undefined
  /** Called for every network target before anything is sent. */
  onTarget(kind: 'request' | 'uploadFile' | 'downloadFile', url: string): void
}

function task(controller: AbortController) {
  return {
    abort: () => controller.abort(),
    onHeadersReceived: () => undefined,
    offHeadersReceived: () => undefined,
    onProgressUpdate: () => undefined,
    offProgressUpdate: () => undefined,
  }
}

/**
 * `wx.request` and `wx.uploadFile` as real HTTP over loopback, with WeChat's shapes: every HTTP
 * status is a `success` (`{ data, statusCode, header, cookies, errMsg: 'request:ok' }`), `fail` is
 * only for no answer (`request:fail timeout`, `request:fail abort`, `request:fail <socket error>`);
 * `data` is parsed as JSON when `dataType` is json and the body parses, else the text; GET data
 * goes to the query string; the default timeout is 60 s; uploadFile's `data` is always the text.
 */
export function createWxNetwork(deps: NetworkDeps) {
  function request(options: Record<string, unknown> & Callbacks) {
    const controller = new AbortController()
    const method = String(options.method ?? 'GET').toUpperCase()
    const url = String(options.url ?? '')
    deps.onTarget('request', url)
    if (!(WX_REQUEST_METHODS as readonly string[]).includes(method)) {
      answer(options, false, { errMsg: `request:fail parameter error: parameter.method should be one of ${WX_REQUEST_METHODS.join(', ')}`, errno: 1001 })
      return task(controller)
    }
    let target: URL
    try {
      target = new URL(url)
      if (!/^https?:$/.test(target.protocol)) throw new Error('protocol')
    } catch {
      answer(options, false, { errMsg: `request:fail invalid url "${url}"`, errno: 600009 })
      return task(controller)
    }
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries((options.header as Record<string, unknown>) ?? {})) headers[k.toLowerCase()] = String(v)
    headers['content-type'] ??= 'application/json'
    const data = options.data
    let body: Buffer | undefined
    if (data !== undefined && data !== null) {
      if (method === 'GET' && typeof data === 'object') {
        for (const [k, v] of Object.entries(data as Record<string, unknown>)) target.searchParams.append(k, String(v))
      } else if (typeof data === 'string') body = Buffer.from(data)
      else if (data instanceof ArrayBuffer) body = Buffer.from(data)
      else if (headers['content-type'].includes('x-www-form-urlencoded')) body = Buffer.from(encodeForm(data as Record<string, unknown>))
      else body = Buffer.from(JSON.stringify(data))
    }
    const timeoutMs = typeof options.timeout === 'number' ? options.timeout : 60_000
    exchange(target, method, headers, body, timeoutMs, controller.signal).then(
      (res) => {
        const text = res.body.toString('utf8')
        let parsed: unknown = text
        if ((options.dataType ?? 'json') === 'json' && options.responseType !== 'arraybuffer') {
          try {
            parsed = JSON.parse(text)
          } catch {
            parsed = text
          }
        }
        answer(options, true, { data: parsed, statusCode: res.status, header: res.headers, cookies: [], errMsg: 'request:ok' })
      },
      (error: Error) => answer(options, false, { errMsg: `request:fail ${error.message}`, errno: error.message === 'timeout' ? 5 : 600001 }),
    )
    return task(controller)
  }

  function uploadFile(options: Record<string, unknown> & Callbacks) {
    const controller = new AbortController()
    const url = String(options.url ?? '')
    deps.onTarget('uploadFile', url)
    const local = deps.tempFile(String(options.filePath ?? ''))
    if (local === undefined) {
      answer(options, false, { errMsg: `uploadFile:fail file not found: ${String(options.filePath)}` })
      return task(controller)
    }
    void readFile(local).then(async (file) => {
      const boundary = `----WxTestBoundary${Math.random().toString(16).slice(2)}`
      const parts: Buffer[] = []
      for (const [k, v] of Object.entries((options.formData as Record<string, unknown>) ?? {})) {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`))
      }
      const name = String(options.name ?? 'file')
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${path.basename(local)}"\r\nContent-Type: application/octet-stream\r\n\r\n`))
      parts.push(file, Buffer.from(`\r\n--${boundary}--\r\n`))
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries((options.header as Record<string, unknown>) ?? {})) headers[k.toLowerCase()] = String(v)
      headers['content-type'] = `multipart/form-data; boundary=${boundary}`
      try {
        const res = await exchange(new URL(url), 'POST', headers, Buffer.concat(parts), typeof options.timeout === 'number' ? options.timeout : 60_000, controller.signal)
        answer(options, true, { data: res.body.toString('utf8'), statusCode: res.status, header: res.headers, errMsg: 'uploadFile:ok' })
      } catch (error) {
        answer(options, false, { errMsg: `uploadFile:fail ${(error as Error).message}` })
      }
    })
    return task(controller)
  }

  return { request, uploadFile }
}

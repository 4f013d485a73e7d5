import { PlatformError, toPlatformError } from './platformError'
import type { TransportRequest, TransportResponse, TransportUpload } from './types'
import type { UniLike, UniRequestSuccess, UniTask } from './uniTypes'

/**
 * `uni.request` as a promise of a `TransportResponse`: failures become `PlatformError`s (timeout,
 * aborted, network), the cancel signal aborts the task, and the body is parsed JSON when it parses.
 */
export function uniRequest(uni: UniLike, req: TransportRequest, bypass?: { __wxLoginStateBypass: true }): Promise<TransportResponse> {
  return run('request', req.cancel, (success, fail) =>
    uni.request({
      ...bypass,
      url: req.url,
      method: req.method,
      header: req.headers,
      ...(req.data === undefined ? {} : { data: req.data }),
      timeout: req.timeoutMs,
      dataType: 'json',
      success,
      fail,
    }),
  )
}

/** `uni.uploadFile` as a promise, with the same guarantees as {@link uniRequest}. */
export function uniUpload(uni: UniLike, req: TransportUpload, bypass?: { __wxLoginStateBypass: true }): Promise<TransportResponse> {
  return run('uploadFile', req.cancel, (success, fail) =>
    uni.uploadFile({
      ...bypass,
      url: req.url,
      filePath: req.filePath,
      name: req.name,
      header: req.headers,
      ...(req.formData === undefined ? {} : { formData: req.formData }),
      timeout: req.timeoutMs,
      success,
      fail,
    }),
  )
}

function run(
  api: string,
  cancel: TransportRequest['cancel'],
  start: (success: (res: UniRequestSuccess) => void, fail: (err: unknown) => void) => UniTask | undefined | void,
): Promise<TransportResponse> {
  return new Promise((resolve, reject) => {
    if (cancel?.cancelled) return reject(new PlatformError('aborted', `${api}:fail abort`))
    let off = () => {}
    let task: UniTask | undefined | void
    try {
      task = start(
        (res) => {
          off()
          resolve(toResponse(res))
        },
        (err) => {
          off()
          reject(toPlatformError(err, 'network'))
        },
      )
    } catch (error) {
      return reject(toPlatformError(error, 'network'))
    }
    if (cancel) off = cancel.onCancel(() => task?.abort())
  })
}

/** Normalises uni's success payload: lower-cased string headers, JSON parsed when it parses. */
export function toResponse(res: UniRequestSuccess): TransportResponse {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(res.header ?? {})) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return { status: Number(res.statusCode), headers, data: parseBody(res.data) }
}

function parseBody(data: unknown): unknown {
  if (data === undefined || data === null) return ''
  if (typeof data !== 'string') return data
  const text = data.trim()
  if (text === '' || !/^[[{"\d\-tfn]/.test(text)) return data
  try {
    return JSON.parse(text) as unknown
  } catch {
    return data
  }
}

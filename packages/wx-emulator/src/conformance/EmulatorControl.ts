import type { FaultSpec } from '../FaultQueue'

/**
 * The emulator's `/__emulator/*` control endpoints over HTTP, so the runner drives an emulator it started and one
 * that is already running alike.
 */
export class EmulatorControl {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(10_000),
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`the WeChat emulator at ${this.baseUrl} answered ${method} ${path} with ${response.status}: ${text}`)
    return (text === '' ? undefined : JSON.parse(text)) as T
  }

  /** A `wx.login` code; `expired` gives one already past its five minutes. */
  loginCode(request: { openid?: string; sessionKey?: string; expired?: boolean } = {}): Promise<{ code: string; openid: string }> {
    return this.call('POST', '/__emulator/login-code', request)
  }

  /** A getPhoneNumber code for `openid`. */
  phoneCode(openid: string): Promise<{ code: string }> {
    return this.call('POST', '/__emulator/phone-code', { openid })
  }

  /** Queues a fault (an errcode answered instead of the work). */
  async fault(spec: FaultSpec): Promise<void> {
    await this.call('POST', '/__emulator/faults', spec)
  }

  /** Drops every pending fault. */
  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/__emulator/faults')
  }

  /** Throws unless a WeChat emulator answers at the base URL. */
  async ping(): Promise<void> {
    await this.call('GET', '/__emulator/faults')
  }
}

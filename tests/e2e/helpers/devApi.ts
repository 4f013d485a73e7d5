/** The server-side counters the suite asserts on (GET /__dev/stats). */
export interface DevStats {
  logins: number
  code2SessionCalls: number
  sessionsAlive: number
}

/** A fault the WeChat emulator injects into its next answers (POST /__emulator/faults). */
export interface EmulatorFault {
  api: 'jscode2session' | 'stable_token' | 'getuserphonenumber'
  errcode?: number
  hang?: boolean
  delayMs?: number
  times?: number
}

/** The reference server's dev endpoints and plain API calls, made from Node (never through the page). */
export interface DevApi {
  stats(): Promise<DevStats>
  dropSessions(): Promise<void>
  injectFault(fault: EmulatorFault): Promise<void>
  clearFaults(): Promise<void>
  /** GET /api/me with `token`; returns the status and parsed body, whatever they are. */
  me(token: string): Promise<{ status: number; body: unknown }>
  /** GET /__dev/requests: per `?probe=` name, how often the server received it and how often with Authorization. */
  probes(): Promise<Record<string, ProbeCount>>
  /** DELETE /__dev/requests. */
  clearProbes(): Promise<void>
}

/** How often the server received one `?probe=` request. */
export interface ProbeCount {
  received: number
  withAuthorization: number
}

function count(body: unknown, field: keyof DevStats): number {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`[e2e] GET /__dev/stats: expected an integer "${field}", got ${JSON.stringify(body)}`)
  }
  return value
}

async function expectOk(res: Response, what: string): Promise<void> {
  if (!res.ok) throw new Error(`[e2e] ${what} failed: HTTP ${res.status} ${await res.text()}`)
}

/**
 * Creates a {@link DevApi} for the server at `baseURL`. Every call has a short timeout: a test that
 * cannot reach its own server should fail at once, not wait for the test timeout.
 */
export function createDevApi(baseURL: string): DevApi {
  const call = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${baseURL}${path}`, { ...init, signal: AbortSignal.timeout(5_000) })
  return {
    async stats() {
      const res = await call('/__dev/stats')
      await expectOk(res, 'GET /__dev/stats')
      const body: unknown = await res.json()
      return { logins: count(body, 'logins'), code2SessionCalls: count(body, 'code2SessionCalls'), sessionsAlive: count(body, 'sessionsAlive') }
    },
    async dropSessions() {
      await expectOk(await call('/__dev/sessions', { method: 'DELETE' }), 'DELETE /__dev/sessions')
    },
    async injectFault(fault) {
      const res = await call('/__emulator/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fault),
      })
      await expectOk(res, 'POST /__emulator/faults')
    },
    async clearFaults() {
      await expectOk(await call('/__emulator/faults', { method: 'DELETE' }), 'DELETE /__emulator/faults')
    },
    async probes() {
      const res = await call('/__dev/requests')
      await expectOk(res, 'GET /__dev/requests')
      const body = (await res.json()) as { probes?: Record<string, ProbeCount> }
      if (typeof body.probes !== 'object' || body.probes === null) throw new TypeError(`[e2e] GET /__dev/requests: got ${JSON.stringify(body)}`)
      return body.probes
    },
    async clearProbes() {
      await expectOk(await call('/__dev/requests', { method: 'DELETE' }), 'DELETE /__dev/requests')
    },
    async me(token) {
      const res = await call('/api/me', { headers: { authorization: `Bearer ${token}` } })
      const text = await res.text()
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {
        // Keep the raw text: the assertion message will show it.
      }
      return { status: res.status, body }
    },
  }
}

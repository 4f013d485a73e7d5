import { afterEach, describe, expect, it, vi } from 'vitest'
vi.mock('@/src/app/auth', () => ({ config: { apiBaseURL: 'http://127.0.0.1:3000' } }))
import { loadProtectedData } from '@/src/app/api'

const USER = { id: 'u1', openid: 'o1', nickname: '小明', avatarUrl: '', createdAt: 1_700_000_000_000 }

/** A `uni.request` that answers after a tick and counts its calls. */
function stubRequest(): { calls: number } {
  const counter = { calls: 0 }
  vi.stubGlobal('uni', {
    request: () => {
      counter.calls += 1
      return new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200, data: { user: USER }, header: {} }), 5))
    },
  })
  return counter
}

describe('loadProtectedData', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('sends one GET /api/me for callers in the same flight, and a new one after it settled', async () => {
    const counter = stubRequest()
    const [a, b] = await Promise.all([loadProtectedData(), loadProtectedData()])
    expect(a).toBe(b)
    expect(counter.calls).toBe(1)
    await loadProtectedData()
    expect(counter.calls).toBe(2)
  })
})

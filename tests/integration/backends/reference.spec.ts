import { expect } from 'vitest'
import { referenceBackend } from 'wx-login-state/backends'
import { startReferenceContractBackend } from '../../../testkit/backends/referenceContract'
import { describeBackendScenarios } from './presetScenarios'

// The reference contract as a preset, through the same scenarios as the other backends (docs/api.md).
describeBackendScenarios({
  name: 'reference contract',
  description: referenceBackend,
  start: (emulator, now) => startReferenceContractBackend({ emulator, now }),
  businessPath: '/api/me',
  isSuccess: (status) => status === 200,
  lifetimeMs: 30 * 86_400_000,
  refresh: false,
  malformed: { body: { expiresAt: 1, user: {} }, message: 'login answer: token is missing' },
  expectUser: (user) => {
    expect(user?.id).toMatch(/^u_\d+$/)
    expect(user?.openid).not.toBe('')
  },
})

import { expect } from 'vitest'
import { litemallBackend } from 'wx-login-state/backends'
import { startLitemallBackend } from '../../../testkit/backends/litemall'
import { describeBackendScenarios } from './presetScenarios'

// The test backend cites the litemall sources (file and commit) it reproduces.
describeBackendScenarios({
  name: 'litemall',
  description: litemallBackend,
  start: (emulator, now) => startLitemallBackend({ emulator, now }),
  businessPath: '/wx/user/index',
  isSuccess: (status, data) => status === 200 && (data as { errno?: unknown }).errno === 0,
  lifetimeMs: 2 * 3600 * 1000,
  refresh: false,
  malformed: { body: { errno: 0, errmsg: '成功', data: { token: 'not-a-jwt', userInfo: {} } }, message: 'login answer: the token is not a JWT with a numeric exp' },
  expectUser: (user) => {
    expect(user?.id).toMatch(/^\d+$/)
  },
})

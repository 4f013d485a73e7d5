import { expect } from 'vitest'
import { yudaoMemberBackend } from 'wx-login-state/backends'
import { startYudaoMemberBackend } from '../../../testkit/backends/yudaoMember'
import { describeBackendScenarios } from './presetScenarios'

// The test backend cites the ruoyi-vue-pro sources (file and commit) it reproduces.
describeBackendScenarios({
  name: 'yudao member app (with refresh)',
  description: yudaoMemberBackend,
  start: (emulator, now) => startYudaoMemberBackend({ emulator, now }),
  businessPath: '/app-api/member/user/get',
  isSuccess: (status, data) => status === 200 && (data as { code?: unknown }).code === 0,
  lifetimeMs: 1800 * 1000,
  refresh: true,
  malformed: { body: { code: 0, msg: '', data: { userId: 1, refreshToken: 'r', expiresTime: 1 } }, message: 'login answer: data.accessToken is missing' },
  expectUser: (user) => {
    expect(user?.id).toMatch(/^\d+$/)
    expect(user?.openid).not.toBe('')
  },
})

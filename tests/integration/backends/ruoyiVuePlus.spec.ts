import { expect } from 'vitest'
import { ruoyiVuePlusBackend } from 'wx-login-state/backends'
import { startRuoYiVuePlusBackend } from '../../../testkit/backends/ruoyiVuePlus'
import { describeBackendScenarios } from './presetScenarios'

// The test backend cites the RuoYi-Vue-Plus sources (file and commit) it reproduces.
describeBackendScenarios({
  name: 'RuoYi-Vue-Plus (xcx grant)',
  description: ruoyiVuePlusBackend,
  start: (emulator, now) => startRuoYiVuePlusBackend({ emulator, now }),
  businessPath: '/system/notice/list',
  isSuccess: (status, data) => status === 200 && (data as { code?: unknown }).code === 200,
  lifetimeMs: 1800 * 1000,
  refresh: false,
  malformed: { body: { code: 200, msg: '操作成功', data: { expire_in: 1800, client_id: 'x' } }, message: 'login answer: data.access_token is missing' },
  expectUser: (user) => {
    expect(user?.id).toMatch(/^\d+$/)
    expect(user?.nickname).toMatch(/^微信用户\d+$/)
  },
})

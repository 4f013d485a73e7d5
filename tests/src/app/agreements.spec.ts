import { describe, expect, it } from 'vitest'
import { agreementDocument } from '@/src/app/agreements'

describe('agreementDocument', () => {
  it('gives the user agreement and the privacy policy their own titles, dates and sections', () => {
    const user = agreementDocument('user')
    const privacy = agreementDocument('privacy')

    expect(user.title).toBe('《用户协议》')
    expect(privacy.title).toBe('《隐私政策》')
    for (const doc of [user, privacy]) {
      expect(doc.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(doc.sections.length).toBeGreaterThan(0)
      for (const section of doc.sections) {
        expect(section.heading.trim()).not.toBe('')
        expect(section.body.trim()).not.toBe('')
      }
    }
    expect(new Set(user.sections.map((s) => s.heading))).not.toEqual(new Set(privacy.sections.map((s) => s.heading)))
  })

  it("tells the user in the privacy policy what is collected and that WeChat's session key stays on the server", () => {
    const text = agreementDocument('privacy').sections.map((s) => s.body).join('\n')

    expect(text).toContain('openid')
    expect(text).toContain('手机号')
    expect(text).toMatch(/会话密钥只保存在服务器/)
  })

  it('tells the user in the agreement how to log out', () => {
    const text = agreementDocument('user').sections.map((s) => s.body).join('\n')
    expect(text).toContain('退出登录')
  })
})

/** One of the demo's legal documents, shown by pages/agreement/agreement. */
export interface AgreementDocument {
  title: string
  updated: string
  sections: readonly { heading: string; body: string }[]
}

const DOCUMENTS: Readonly<Record<'user' | 'privacy', AgreementDocument>> = {
  user: {
    title: '《用户协议》',
    updated: '2025-01-01',
    sections: [
      { heading: '一、服务内容', body: '本小程序演示微信登录：你点击“微信一键登录”后，我们通过微信获取临时登录凭证，在服务器换取你的登录状态。' },
      { heading: '二、账号', body: '你的账号与微信身份关联。你可以随时在“我的”页面退出登录；退出后，本机保存的登录状态会被清除。' },
      { heading: '三、使用规范', body: '请勿利用本服务从事违法活动或干扰服务的正常运行。' },
    ],
  },
  privacy: {
    title: '《隐私政策》',
    updated: '2025-01-01',
    sections: [
      { heading: '一、我们收集的信息', body: '登录时的微信用户标识（openid，仅保存在服务器）；你主动填写的昵称、选择的头像；你授权绑定的手机号。' },
      { heading: '二、用途', body: '仅用于登录和展示你的资料。微信的会话密钥只保存在服务器，不会发送到你的设备。' },
      { heading: '三、你的权利', body: '你可以修改昵称和头像、更换手机号，或退出登录。拒绝《隐私保护指引》时，相关功能将不可用，其余功能不受影响。' },
    ],
  },
}

/** The demo's user agreement (`user`) or privacy policy (`privacy`). */
export function agreementDocument(doc: 'user' | 'privacy'): AgreementDocument {
  return DOCUMENTS[doc]
}

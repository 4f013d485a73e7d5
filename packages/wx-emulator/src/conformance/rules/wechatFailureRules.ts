import { exchange, expectThat, isUnreadable, logIn } from '../Rule'
import type { Rule } from '../Rule'

// Enough for a backend that retries WeChat's -1 a few times; what is left is cleared before the next step.
const FAULT_TIMES = 5

function wechatFailureRule(errcode: number, meaning: string, codeStaysUsable: boolean): Rule {
  return {
    name: `wechat-${errcode === -1 ? 'system-error' : errcode}`,
    title:
      `WeChat answers ${errcode} (${meaning}): no token, the declared failure shape` +
      (codeStaysUsable ? ', and the unused code still logs in afterwards' : ''),
    run: async (context) => {
      const { code } = await context.emulator.loginCode()
      await context.emulator.fault({ api: 'jscode2session', errcode, times: FAULT_TIMES })
      let failed
      try {
        failed = await exchange(context, context.target.login(code))
      } finally {
        await context.emulator.clearFaults()
      }
      const { answer } = failed
      expectThat(context.target.readToken(answer) === undefined, 'no token while WeChat refuses', failed.exchange)
      expectThat(!isUnreadable(answer), 'a JSON answer the client can read, not an HTML error page', failed.exchange)
      expectThat(context.target.isLoginFailure(answer), "the backend's declared login failure shape", failed.exchange)
      if (!codeStaysUsable) return
      const again = await exchange(context, context.target.login(code))
      expectThat(
        context.target.readToken(again.answer) !== undefined,
        'WeChat never used the code, so logging in with it again succeeds (the backend must not burn it)',
        failed.exchange,
        again.exchange,
      )
    },
  }
}

/** When WeChat fails, the backend fails cleanly, and the client can read why. */
export const wechatFailureRules: Rule[] = [
  wechatFailureRule(-1, 'system busy', true),
  wechatFailureRule(40226, 'high-risk user', false),
  wechatFailureRule(45011, 'frequency limit', true),
  {
    name: 'readable-error-shape',
    title: 'a malformed login request gets an error the client can read (no 5xx, no HTML)',
    run: async (context) => {
      const base = context.target.login('x')
      const { answer, exchange: ex } = await exchange(context, { ...base, body: { unexpected: [1, 2, 3] } })
      expectThat(answer.status < 500 && answer.status !== 0, 'a 4xx (or business-code) answer, not a server error', ex)
      expectThat(!isUnreadable(answer), 'a JSON answer, not an HTML error page', ex)
      expectThat(context.target.readToken(answer) === undefined && context.target.readError(answer) !== undefined, 'an error code the client can read, and no token', ex)
    },
  },
  {
    name: 'phone-binding',
    title: 'a getPhoneNumber code binds a phone number to the session (when the backend has it)',
    run: async (context) => {
      const bindPhone = context.target.bindPhone
      if (bindPhone === undefined) return { skipped: 'the backend declares no phone binding' }
      const { token, openid } = await logIn(context)
      const { code } = await context.emulator.phoneCode(openid)
      const { answer, exchange: ex } = await exchange(context, bindPhone(token, code))
      expectThat(answer.status >= 200 && answer.status < 300 && context.target.readError(answer) === undefined, 'a 2xx answer with no error', ex)
    },
  },
]

import { randomBytes } from 'node:crypto'
import { exchange, expectThat, withToken } from '../Rule'
import type { Rule } from '../Rule'
import type { HttpAnswer } from '../ConformanceTarget'

function leaks(answer: HttpAnswer, needles: readonly string[]): string | undefined {
  const haystack = [answer.text, ...Object.entries(answer.headers).map(([name, value]) => `${name}: ${value}`)].join('\n')
  return needles.find((needle) => haystack.includes(needle))
}

/** What the server keeps to itself. */
export const secretRules: Rule[] = [
  {
    name: 'no-session-key-or-secret',
    title: 'no answer carries the session_key or the AppSecret',
    run: async (context) => {
      // The runner picks the user's session_key, so it can look for the exact value in every form it could take.
      const sessionKey = randomBytes(16).toString('base64')
      const { code } = await context.emulator.loginCode({ sessionKey })
      const needles = [sessionKey, sessionKey.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), context.secret, 'session_key', 'sessionKey']
      const login = await exchange(context, context.target.login(code))
      const token = context.target.readToken(login.answer)
      expectThat(token !== undefined, 'a login with a fresh code answers a token', login.exchange)
      const found = leaks(login.answer, needles)
      expectThat(found === undefined, `the login answer does not contain ${found === context.secret ? 'the AppSecret' : `"${found ?? ''}"`} (the session_key stays on the server)`, login.exchange)
      const call = await exchange(context, withToken(context, token))
      const inCall = leaks(call.answer, needles)
      expectThat(inCall === undefined, `the authenticated call's answer does not contain "${inCall ?? ''}"`, call.exchange)
    },
  },
]

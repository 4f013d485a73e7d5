import { exchange, expectThat, logIn } from '../Rule'
import type { Rule } from '../Rule'

const CONCURRENCY = 20

/** Logging in: a fresh code works, a used or expired code does not, and concurrent logins all succeed. */
export const loginRules: Rule[] = [
  {
    name: 'fresh-code-login',
    title: 'a fresh wx.login code logs in and answers a token',
    run: async (context) => {
      await logIn(context)
    },
  },
  {
    name: 'code-reuse-refused',
    title: 'the same code twice: the second login is refused, with no token',
    run: async (context) => {
      const { code } = await context.emulator.loginCode()
      const first = await exchange(context, context.target.login(code))
      expectThat(context.target.readToken(first.answer) !== undefined, 'the first login with the code answers a token', first.exchange)
      const second = await exchange(context, context.target.login(code))
      expectThat(
        context.target.readToken(second.answer) === undefined && context.target.isLoginFailure(second.answer),
        'the second login with the same code answers the declared login failure and no token (WeChat answers 40163)',
        first.exchange,
        second.exchange,
      )
    },
  },
  {
    name: 'expired-code-refused',
    title: 'a code older than five minutes is refused, with no token',
    run: async (context) => {
      const { code } = await context.emulator.loginCode({ expired: true })
      const { answer, exchange: ex } = await exchange(context, context.target.login(code))
      expectThat(
        context.target.readToken(answer) === undefined && context.target.isLoginFailure(answer),
        'the declared login failure and no token (WeChat answers 40029)',
        ex,
      )
    },
  },
  {
    name: 'concurrent-logins-many-users',
    title: `${CONCURRENCY} concurrent logins of different users all succeed, each with its own token`,
    run: async (context) => {
      const grants = await Promise.all(Array.from({ length: CONCURRENCY }, () => context.emulator.loginCode()))
      const results = await Promise.all(grants.map((grant) => exchange(context, context.target.login(grant.code))))
      const tokens = results.map((r) => context.target.readToken(r.answer))
      const failed = results.filter((_r, i) => tokens[i] === undefined)
      expectThat(failed.length === 0, `all ${CONCURRENCY} logins answer a token (${failed.length} did not)`, ...failed.slice(0, 2).map((r) => r.exchange))
      expectThat(new Set(tokens).size === CONCURRENCY, `${CONCURRENCY} different tokens for ${CONCURRENCY} users`, ...results.slice(0, 2).map((r) => r.exchange))
    },
  },
  {
    name: 'concurrent-logins-one-user',
    title: `${CONCURRENCY} concurrent logins of one user all succeed`,
    run: async (context) => {
      const first = await context.emulator.loginCode()
      const grants = [first, ...(await Promise.all(Array.from({ length: CONCURRENCY - 1 }, () => context.emulator.loginCode({ openid: first.openid }))))]
      const results = await Promise.all(grants.map((grant) => exchange(context, context.target.login(grant.code))))
      const failed = results.filter((r) => context.target.readToken(r.answer) === undefined)
      expectThat(failed.length === 0, `all ${CONCURRENCY} logins of the one user answer a token (${failed.length} did not)`, ...failed.slice(0, 2).map((r) => r.exchange))
    },
  },
]

import { randomBytes } from 'node:crypto'
import { exchange, expectThat, logIn, withToken } from '../Rule'
import type { Rule, RuleContext } from '../Rule'

async function expectExpiry(context: RuleContext, token: string, what: string): Promise<void> {
  const { answer, exchange: ex } = await exchange(context, withToken(context, token))
  expectThat(context.target.isSessionExpired(answer), `${what} gets the expiry signal`, ex)
}

/** The expiry signal: every dead token gets it, and nothing else does. */
export const tokenRules: Rule[] = [
  {
    name: 'authenticated-call',
    title: 'an authenticated call with a fresh token succeeds and is not the expiry signal',
    run: async (context) => {
      const { token } = await logIn(context)
      const { answer, exchange: ex } = await exchange(context, withToken(context, token))
      expectThat(answer.status >= 200 && answer.status < 300 && !context.target.isSessionExpired(answer), 'a 2xx answer that is not the expiry signal', ex)
    },
  },
  {
    name: 'unknown-token-expired',
    title: 'an unknown token of the right shape gets the expiry signal',
    run: async (context) => {
      const { token } = await logIn(context)
      // Same length and alphabet as a real token, different random content.
      const forged = token.replace(/[A-Za-z0-9]/g, (c) => (c === 'A' ? 'B' : 'A')).slice(0, token.length)
      const unknown = forged === token ? randomBytes(24).toString('base64url') : forged
      await expectExpiry(context, unknown, 'a token the backend never issued')
    },
  },
  {
    name: 'malformed-token-expired',
    title: 'a malformed token (garbage) gets the expiry signal',
    run: async (context) => {
      await expectExpiry(context, 'not-a-token%00<>"', 'a garbage token')
    },
  },
  {
    name: 'revoked-token-expired',
    title: 'after logout, the token gets the expiry signal',
    run: async (context) => {
      const logout = context.target.logout
      if (logout === undefined) return { skipped: 'the backend has no logout call' }
      const { token } = await logIn(context)
      const out = await exchange(context, logout(token))
      expectThat(context.target.isLogoutDone?.(out.answer) ?? out.answer.status < 300, 'logout succeeds', out.exchange)
      const after = await exchange(context, withToken(context, token))
      expectThat(context.target.isSessionExpired(after.answer), 'the logged-out token gets the expiry signal', out.exchange, after.exchange)
    },
  },
  {
    name: 'only-dead-tokens-expired',
    title: 'nothing else gets the expiry signal: not a live token, not a live token on a path that does not exist',
    run: async (context) => {
      const { token } = await logIn(context)
      const live = await exchange(context, withToken(context, token))
      expectThat(!context.target.isSessionExpired(live.answer), 'a live token is not told its session expired', live.exchange)
      // A 404 (or any refusal that is not about the session) must not send the client into a re-login.
      const missing = { method: 'GET' as const, path: '/__conformance/no-such-path', headers: context.target.authorize(token) }
      const nowhere = await exchange(context, missing)
      expectThat(!context.target.isSessionExpired(nowhere.answer), 'a live token on a path that does not exist is not told its session expired', nowhere.exchange)
    },
  },
  {
    name: 'token-expires-by-time',
    title: 'a token gets the expiry signal once its lifetime has passed (when the run is told a short one)',
    run: async (context) => {
      const ttl = context.sessionTtlMs
      if (ttl === undefined) return { skipped: 'no shortened session lifetime given (--session-ttl)' }
      const { token } = await logIn(context)
      const alive = await exchange(context, withToken(context, token))
      expectThat(!context.target.isSessionExpired(alive.answer), 'the fresh token works before its lifetime is up', alive.exchange)
      await new Promise((resolve) => setTimeout(resolve, ttl + 1500))
      const dead = await exchange(context, withToken(context, token))
      expectThat(context.target.isSessionExpired(dead.answer), `${ttl + 1500} ms later, past its ${ttl} ms lifetime, the token gets the expiry signal`, dead.exchange)
    },
  },
  {
    name: 'logout-idempotent',
    title: 'logout twice: both answers say done, neither is a server error',
    run: async (context) => {
      const logout = context.target.logout
      if (logout === undefined) return { skipped: 'the backend has no logout call' }
      const { token } = await logIn(context)
      const first = await exchange(context, logout(token))
      const second = await exchange(context, logout(token))
      const done = context.target.isLogoutDone ?? ((a: { status: number }) => a.status < 300)
      expectThat(done(first.answer), 'the first logout succeeds', first.exchange)
      expectThat(
        (done(second.answer) || context.target.isSessionExpired(second.answer)) && second.answer.status < 500,
        'the second logout says done (or the expiry signal), never a 5xx',
        first.exchange,
        second.exchange,
      )
    },
  },
]

/**
 * Fires `size` protected requests at once from one client and sorts the outcomes, so fault tests can say
 * "every waiter got the same typed error" and "this burst cost N logins" in one line each.
 */
import type { User } from 'wx-login-state'
import type { TestClient } from '../../../testkit/harness'

/** The settled outcomes of one burst, plus the wx.login calls it cost. */
export interface BurstResult {
  users: User[]
  errors: unknown[]
  /** `wx.login` calls made by the client during the burst. */
  logins: number
}

/** Runs `size` concurrent `GET /api/me` calls on `client`. */
export async function burst(client: TestClient, size: number): Promise<BurstResult> {
  const before = client.platform.counts.login
  const settled = await Promise.allSettled(Array.from({ length: size }, () => client.auth.account.me()))
  const users: User[] = []
  const errors: unknown[] = []
  for (const outcome of settled) {
    if (outcome.status === 'fulfilled') users.push(outcome.value)
    else errors.push(outcome.reason)
  }
  return { users, errors, logins: client.platform.counts.login - before }
}

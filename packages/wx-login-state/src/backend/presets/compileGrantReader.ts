import { readToken } from '../answerFields'
import type { GrantReader } from '../grantReader'
import { readExpiry } from '../readExpiry'
import type { SessionGrant } from '../../session/sessionBackend'
import type { BackendDescription } from '../types'

/** The grant reader of `backend`'s `session` fields (and the refresh's own, when it has them). @internal */
export function compileGrantReader(backend: BackendDescription): GrantReader {
  return (answer, now, refresh) => {
    const fields = (refresh ? backend.refresh?.session : undefined) ?? backend.session
    const where = refresh ? 'refresh answer' : 'login answer'
    const token = readToken(answer, fields.token, where)
    const grant: SessionGrant = { token, expiresAt: readExpiry(answer, fields.expiry, token, now, where) }
    if (fields.refreshToken !== undefined) {
      grant.refreshToken = readToken(answer, fields.refreshToken, where)
      grant.refreshExpiresAt = readExpiry(answer, fields.refreshExpiry ?? 'unknown', grant.refreshToken, now, where)
    }
    return grant
  }
}

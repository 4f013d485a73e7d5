import type { Page } from 'playwright-core'

/** The library's default storage key (packages/wx-login-state/src/session/tokenStorage.ts, DEFAULT_STORAGE_KEY). */
export const SESSION_STORAGE_KEY = 'wx-login-state:session'

/**
 * Reads the session token the app persisted, straight from the page's localStorage. uni's H5 storage
 * wraps each value (`{"type":"object","data":{…}}`), and the library adds its own envelope
 * (`{v, token, expiresAt, user}`), so this walks the parsed JSON for the first string `token` field
 * instead of depending on either layout. Returns `null` when nothing is stored.
 */
export async function readStoredToken(page: Page, key = SESSION_STORAGE_KEY): Promise<string | null> {
  const raw = await page.evaluate((k) => window.localStorage.getItem(k), key)
  if (raw === null || raw === '') return null
  return findToken(JSON.parse(raw) as unknown, 0)
}

function findToken(value: unknown, depth: number): string | null {
  if (depth > 4 || typeof value !== 'object' || value === null) {
    // uni may store an object as a JSON string inside its wrapper.
    if (typeof value === 'string' && value.startsWith('{') && depth <= 4) {
      try {
        return findToken(JSON.parse(value) as unknown, depth + 1)
      } catch {
        return null
      }
    }
    return null
  }
  const record = value as Record<string, unknown>
  if (typeof record.token === 'string' && record.token !== '') return record.token
  for (const inner of Object.values(record)) {
    const found = findToken(inner, depth + 1)
    if (found !== null) return found
  }
  return null
}

import { accessSync, constants } from 'node:fs'

/** Where the suite expects Chromium; `CHROMIUM_PATH` points it elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Decides whether the browser suite can run. Returns `null` when Chromium is there, or the reason to
 * skip. On CI (`process.env.CI` set) a missing browser throws instead: a skipped suite there would
 * read as a green build that tested nothing.
 */
export function chromiumSkipReason(): string | null {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK)
    return null
  } catch {
    const reason = `Chromium is not installed at ${CHROMIUM_PATH} (set CHROMIUM_PATH or install the "chromium" package)`
    if (process.env.CI) throw new Error(`[e2e] ${reason}; the browser tests cannot run on CI without it.`)
    return reason
  }
}

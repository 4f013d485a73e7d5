import path from 'node:path'
import type { Page } from 'playwright-core'

/** Takes numbered screenshots of a journey: `<dir>/01-home.png`, `<dir>/02-login.png`, … */
export interface Screenshots {
  take(page: Page, step: string): Promise<string>
}

/**
 * Creates a numbered screenshot recorder writing into `dir` (artifacts/e2e). Numbers follow the order
 * of the calls, starting after `firstNumber - 1`, so the files read as the story of the run and two
 * spec files (given different starts) never overwrite each other; `step` becomes a safe file name.
 */
export function createScreenshots(dir: string, firstNumber = 1): Screenshots {
  let counter = firstNumber - 1
  return {
    async take(page, step) {
      counter += 1
      const safe = step.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
      const file = path.join(dir, `${String(counter).padStart(2, '0')}-${safe}.png`)
      await page.screenshot({ path: file })
      return file
    },
  }
}

import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Plugin } from 'vite'

/** The appid and backend the repository ships with; a real mini program replaces both. */
export const PLACEHOLDER_APPID = 'wx0000000000000000'
export const PLACEHOLDER_BACKEND = 'https://api.example.com'

function manifestAppid(inputDir: string): string | undefined {
  try {
    const text = readFileSync(path.join(inputDir, 'manifest.json'), 'utf8')
    // HBuilderX writes comments into manifest.json; the appid is read with a pattern instead of JSON.parse.
    return /"mp-weixin"\s*:\s*\{[\s\S]*?"appid"\s*:\s*"([^"]*)"/.exec(text)?.[1]
  } catch {
    return undefined
  }
}

/**
 * Warns loudly when a production mp-weixin build still carries the placeholder appid or backend,
 * which WeChat would reject (appid) or which answers nobody (backend). A test build says so with
 * `MP_TEST_BUILD=1` and is left quiet; `npm run check:mp-weixin` fails on the same placeholders.
 */
export function releasePlaceholders(): Plugin {
  return {
    name: 'wx-login-state:release-placeholders',
    apply: 'build',
    configResolved(config) {
      if (process.env.UNI_PLATFORM !== 'mp-weixin' || config.mode !== 'production' || process.env.MP_TEST_BUILD === '1') return
      const found: string[] = []
      const appid = manifestAppid(process.env.UNI_INPUT_DIR ?? config.root)
      if (appid === PLACEHOLDER_APPID) found.push(`manifest.json mp-weixin.appid is the placeholder ${PLACEHOLDER_APPID}`)
      const backend = String(config.env.VITE_API_BASE_URL ?? '')
      if (backend.replace(/\/+$/, '') === PLACEHOLDER_BACKEND) found.push(`VITE_API_BASE_URL is the placeholder ${PLACEHOLDER_BACKEND} (.env.production)`)
      if (found.length === 0) return
      const bar = '!'.repeat(78)
      config.logger.warn(
        [bar, '!! NOT A RELEASE BUILD: this mini program cannot be uploaded as it is.', ...found.map((f) => `!!   - ${f}`), '!! Set your own values, or build with MP_TEST_BUILD=1 to mark a test build.', bar].join('\n'),
      )
    },
  }
}

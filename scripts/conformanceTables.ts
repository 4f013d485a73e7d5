/**
 * `npm run docs:conformance`: runs the conformance runner against the reference server (memory store, calling a
 * WeChat emulator on its own port) and against the deliberately broken backend (testkit/brokenBackend.ts), and
 * writes both tables, with the broken backend's evidence, into docs/testing.md between the
 * `<!-- conformance:… -->` markers. Exits 1 when the reference server fails a rule or the broken backend fails
 * anything but its four.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEV_APPID, DEV_SECRET, startEmulator } from '../packages/wx-emulator/src/index'
import { formatReport, referenceTarget, runConformance } from '../packages/wx-emulator/src/conformance/index'
import type { ConformanceReport } from '../packages/wx-emulator/src/conformance/index'
import { buildApp } from '../server/app'
import { loadConfig } from '../server/config'
import { BROKEN_RULES, startBrokenBackend } from '../testkit/brokenBackend'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DOC = path.join(ROOT, 'docs/testing.md')
const START = '<!-- conformance:start -->'
const END = '<!-- conformance:end -->'

// Ports and random values change from run to run; the doc shows them as placeholders so a rerun only changes what matters.
function stable(report: ConformanceReport, backend: string): string {
  return formatReport(report)
    .replaceAll(report.baseUrl, backend)
    .replaceAll(report.emulatorUrl, 'http://127.0.0.1:4010')
    .replace(/"code":"[A-Za-z0-9_-]{20,}"/g, '"code":"<code>"')
    .replace(/"token":"[^"]+"/g, '"token":"<token>"')
    .replace(/Bearer [A-Za-z0-9._-]{20,}/g, 'Bearer <token>')
    .replace(/"(id|openid)":"o[A-Za-z0-9_-]{20,}"/g, '"$1":"<openid>"')
    .replace(/"session_key":"[^"]+"/g, '"session_key":"<the session_key>"')
    .replace(/contain "[A-Za-z0-9+/]{22}=="/g, 'contain "<the session_key>"')
    .replace(/"(expiresAt|createdAt)":\d{13}/g, '"$1":<ms>')
}

const emulator = await startEmulator({ appid: DEV_APPID, secret: DEV_SECRET, code2SessionPerUserPerMinute: 100 })
const uploadDir = mkdtempSync(path.join(tmpdir(), 'wxls-conformance-doc-'))
// A two-second idle lifetime, so that the run also checks tokens die by time.
const app = await buildApp({ ...loadConfig({ NODE_ENV: 'test', WX_API_BASE: emulator.url, SESSION_IDLE_TTL: '2' }), logLevel: 'silent', loginRateLimit: 1_000_000, uploadDir })
const broken = await startBrokenBackend({ wxApiBase: emulator.url, appid: DEV_APPID, secret: DEV_SECRET })
try {
  const referenceUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  const reference = await runConformance({ baseUrl: referenceUrl, emulatorUrl: emulator.url, sessionTtlMs: 2000 })
  const { bindPhone: _none, ...noPhone } = referenceTarget
  const brokenReport = await runConformance({ baseUrl: broken.url, emulatorUrl: emulator.url, target: { ...noPhone, name: 'reference without phone binding' } })
  const brokenFailures = brokenReport.results.filter((r) => r.status === 'fail').map((r) => r.name).sort()
  if (reference.results.some((r) => r.status !== 'pass')) throw new Error(`the reference server fails rules:\n${formatReport(reference)}`)
  if (brokenFailures.join() !== Object.values(BROKEN_RULES).sort().join()) throw new Error(`the broken backend fails ${brokenFailures.join(', ')}:\n${formatReport(brokenReport)}`)

  const section = [
    START,
    '',
    'The reference server (memory store, started with `SESSION_IDLE_TTL=2` and checked with `--session-ttl 2`), every rule passing:',
    '',
    '```text',
    stable(reference, 'http://127.0.0.1:8080'),
    '```',
    '',
    'The broken backend of `testkit/brokenBackend.ts` (it leaks `session_key`, answers a reused code with the first',
    "login's answer, keeps sessions after logout and answers 200 to a garbage token; it has no phone binding):",
    '',
    '```text',
    stable(brokenReport, 'http://127.0.0.1:8081'),
    '```',
    '',
    END,
  ].join('\n')
  const doc = readFileSync(DOC, 'utf8')
  const from = doc.indexOf(START)
  const to = doc.indexOf(END)
  if (from < 0 || to < from) throw new Error(`docs/testing.md has no ${START} … ${END} section`)
  writeFileSync(DOC, `${doc.slice(0, from)}${section}${doc.slice(to + END.length)}`)
  console.log(`✔ docs/testing.md: reference ${reference.results.length} rules passed; broken backend failed ${brokenFailures.join(', ')}`)
} finally {
  await broken.close()
  await app.close()
  await emulator.close()
  rmSync(uploadDir, { recursive: true, force: true })
}

import type { Exchange } from './BackendClient'
import type { ConformanceReport } from './runConformance'

const EVIDENCE_CHARS = 600

function clip(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ')
  return flat.length > EVIDENCE_CHARS ? `${flat.slice(0, EVIDENCE_CHARS)}… (${flat.length} characters)` : flat
}

function describe(exchange: Exchange): string[] {
  const { request, answer } = exchange
  const headers = Object.entries(request.headers ?? {}).map(([name, value]) => ` ${name}: ${value}`).join(';')
  const body = request.body === undefined ? '' : ` ${JSON.stringify(request.body)}`
  const lines = [`    request:  ${request.method} ${request.path}${headers === '' ? '' : ` [${headers.trim()}]`}${body}`]
  const type = answer.headers['content-type'] ?? 'no content-type'
  return [...lines, `    answer:   ${answer.status === 0 ? 'no answer' : answer.status} (${type}) ${clip(answer.text)}`.trimEnd()]
}

/**
 * The report as the CLI prints it: a numbered pass/fail table, then each failure with what was expected and the
 * requests and answers that show otherwise, then a one-line summary.
 */
export function formatReport(report: ConformanceReport): string {
  const width = Math.max(...report.results.map((r) => r.name.length), 4)
  const lines = [
    `Conformance of ${report.baseUrl} as the "${report.target}" backend, WeChat emulator at ${report.emulatorUrl}`,
    '',
    ` #  ${'rule'.padEnd(width)}  result`,
    ` -- ${'-'.repeat(width)}  ------`,
    ...report.results.map((r) => ` ${String(r.number).padStart(2)} ${r.name.padEnd(width)}  ${r.status === 'pass' ? 'pass' : r.status === 'fail' ? 'FAIL' : `skip (${r.reason ?? ''})`}`),
  ]
  const failures = report.results.filter((r) => r.status === 'fail')
  for (const failure of failures) {
    lines.push('', `✖ ${failure.number} ${failure.name}: ${failure.title}`, `    expected: ${failure.expected ?? ''}`)
    for (const exchange of failure.exchanges ?? []) lines.push(...describe(exchange))
  }
  const passed = report.results.filter((r) => r.status === 'pass').length
  const skipped = report.results.filter((r) => r.status === 'skip').length
  lines.push('', `${passed} passed, ${failures.length} failed, ${skipped} skipped`)
  return lines.join('\n')
}

import { describe, expect, it } from 'vitest'
import { FULL_PLAN } from '../../../bench/plan'
import { replaceSections, type BenchDocumentInput } from '../../../bench/report/benchDocument'

const machine = { date: '2026-12-08', cpu: 'a CPU', cores: 2, memoryGiB: 24, node: 'v20', os: 'linux', loadAverage: 0.5 }
const table = (title: string) => ({ title, headers: ['a', 'b'], rows: [[title, '1']] })
const input = (parts: BenchDocumentInput['parts']): BenchDocumentInput =>
  ({ machine, plan: FULL_PLAN, sections: parts.map((p) => p.section as BenchDocumentInput['sections'][number]), parts, minutes: 3 })

const DOC = [
  '# Benchmarks',
  '',
  '## 1. Round trips per scenario',
  '',
  'old round trips',
  '',
  '## 2. Client overhead',
  '',
  'old overhead',
  '',
  '## 5. Server throughput',
  '',
  'old server',
  '',
].join('\n')

describe('replaceSections', () => {
  it('replaces a middle section up to the next heading and keeps the others as they were', () => {
    const out = replaceSections(DOC, input([{ section: 'roundtrips', tables: [table('new round trips')] }]))
    expect(out).not.toContain('old round trips')
    expect(out).toContain('new round trips')
    expect(out).toContain('old overhead')
    expect(out).toContain('old server')
    expect(out.indexOf('new round trips')).toBeLessThan(out.indexOf('## 2. Client overhead'))
    expect(out).toContain('`BENCH_ONLY=roundtrips BENCH_RECORD=1`')
  })

  it('replaces the last section to the end of the document, and several sections in one run', () => {
    const out = replaceSections(
      DOC,
      input([
        { section: 'overhead', tables: [table('new overhead')] },
        { section: 'server', tables: [table('new server')] },
      ]),
    )
    expect(out).not.toMatch(/old overhead|old server/)
    expect(out).toContain('old round trips')
    expect(out.trimEnd().endsWith('| new server | 1 |')).toBe(true)
    expect(out.match(/^## /gm)).toHaveLength(3)
  })

  it('recounts the verdicts of the whole document in the summary row', () => {
    const doc = DOC.replace('# Benchmarks\n', '# Benchmarks\n\n| targets | 9 ✔ holds, 0 ✖ missed |\n').replace('old server', '| x | ✖ missed |')
    const verdicts = { title: 'verdicts', headers: ['a', 'verdict'], rows: [['1', '✔ holds'], ['2', '✔ holds']] }
    const out = replaceSections(doc, input([{ section: 'roundtrips', tables: [verdicts] }]))
    expect(out).toContain('| targets | 2 ✔ holds, 1 ✖ missed (every section, as last recorded) |')
  })

  it('throws when the document lacks a section the run measured', () => {
    expect(() => replaceSections('# Benchmarks\n', input([{ section: 'bundle', tables: [] }]))).toThrow(/no bundle section/)
  })
})

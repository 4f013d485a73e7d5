import { describe, expect, it } from 'vitest'
import { renderTable, verdict } from '../../../bench/support/markdownTable'

describe('renderTable', () => {
  it('renders a heading, a header row, a separator, the rows and the notes', () => {
    const md = renderTable({ title: 'T', headers: ['a', 'b'], rows: [['1', '2']], notes: ['why'] })
    expect(md).toBe('### T\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n- why\n')
  })

  it('escapes pipes and newlines so a cell cannot break the table', () => {
    const md = renderTable({ title: 'T', headers: ['a'], rows: [['x | y\nz']] })
    expect(md).toContain('| x \\| y z |')
  })

  it('rejects a row whose width differs from the header', () => {
    expect(() => renderTable({ title: 'T', headers: ['a', 'b'], rows: [['1']] })).toThrow(/row 0 has 1 cells/)
  })

  it('words the verdicts as the docs do', () => {
    expect([verdict(true), verdict(false)]).toEqual(['✔ holds', '✖ missed'])
  })
})

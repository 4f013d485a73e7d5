/** A table as the bench prints it and writes it to docs/benchmarks.md. */
export interface Table {
  title: string
  /** What the table measures and how, one paragraph of Markdown. */
  description?: string
  headers: readonly string[]
  rows: ReadonlyArray<readonly string[]>
  /** Markdown notes below the table: why a target was missed and what would close the gap. */
  notes?: readonly string[]
}

/** The verdict cell of a target column: `✔ holds` or `✖ missed`. */
export function verdict(holds: boolean): string {
  return holds ? '✔ holds' : '✖ missed'
}

/** Escapes the characters that would break a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

/**
 * Renders `table` as a GitHub-flavoured Markdown section (a `###` heading, the description, the
 * table, the notes). Throws a `RangeError` when a row's width differs from the header's, because a
 * ragged row renders as a silently broken table.
 */
export function renderTable(table: Table): string {
  const width = table.headers.length
  table.rows.forEach((row, i) => {
    if (row.length !== width) throw new RangeError(`table "${table.title}": row ${i} has ${row.length} cells, the header has ${width}`)
  })
  const lines = [`### ${table.title}`, '']
  if (table.description) lines.push(table.description, '')
  lines.push(`| ${table.headers.map(cell).join(' | ')} |`)
  lines.push(`| ${table.headers.map(() => '---').join(' | ')} |`)
  for (const row of table.rows) lines.push(`| ${row.map(cell).join(' | ')} |`)
  if (table.notes && table.notes.length > 0) lines.push('', ...table.notes.map((n) => `- ${n}`))
  return `${lines.join('\n')}\n`
}

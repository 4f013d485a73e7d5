import { describe, expect, it } from 'vitest'
import { createLogger } from '../../../server/logger'
import { OutageLog } from '../../../server/logging/outageLog'

function capture() {
  const lines: Record<string, unknown>[] = []
  const log = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) })
  return { log, lines }
}

describe('OutageLog', () => {
  it('writes one warn line for 4,578 failures and one summary line when the store is back', () => {
    const { log, lines } = capture()
    let now = 1_000
    const outage = new OutageLog({ log, what: 'Redis', now: () => now })
    for (let i = 0; i < 4_578; i++) outage.failure(new Error('connect ECONNREFUSED 127.0.0.1:6379'))
    now += 4_000
    outage.recovered()
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatchObject({ level: 40, cause: 'connect ECONNREFUSED 127.0.0.1:6379' })
    expect(JSON.stringify(lines[0])).not.toContain('stack')
    expect(lines[1]).toMatchObject({ level: 30, failures: 4_578, seconds: 4 })
  })

  it('starts counting afresh after a recovery, and says nothing when there was no outage', () => {
    const { log, lines } = capture()
    const outage = new OutageLog({ log, what: 'Redis' })
    outage.recovered()
    outage.failure(new Error('a'))
    outage.recovered()
    outage.failure(new Error('b'))
    expect(lines.map((l) => l.level)).toEqual([40, 30, 40])
    expect(outage.down).toBe(true)
  })
})

import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const fixture = fileURLToPath(new URL('./fixtures/logThenDie.ts', import.meta.url))

interface Run {
  code: number | null
  lines: Record<string, unknown>[]
}

/** Runs the fixture with stdout on a pipe (as under a process manager), and parses every line it wrote. */
function run(how: string, lines = 2000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, how, String(lines)], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      resolve({ code, lines: stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) })
    })
  })
}

describe('the asynchronous log destination', () => {
  it('has every line in the output when the process calls process.exit() right after logging', async () => {
    const r = await run('exit')
    expect(r.code).toBe(3)
    expect(r.lines).toHaveLength(2001)
    expect(r.lines.at(-1)).toMatchObject({ msg: 'last line', how: 'exit' })
  })

  it('has every line in the output when an uncaught exception ends the process', async () => {
    const r = await run('throw')
    expect(r.code).toBe(1)
    expect(r.lines).toHaveLength(2001)
    expect(r.lines.at(-1)).toMatchObject({ msg: 'last line' })
  })

  it('has the crash line itself when an uncaught-exception handler logs it and exits', async () => {
    const r = await run('handled-throw')
    expect(r.code).toBe(1)
    expect(r.lines).toHaveLength(2002)
    expect(r.lines.at(-1)).toMatchObject({ level: 60, msg: 'uncaught exception', err: { message: 'boom' } })
  })
})
